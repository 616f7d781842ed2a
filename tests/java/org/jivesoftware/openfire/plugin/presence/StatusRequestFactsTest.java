package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_COMPONENT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_FOREIGN;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_LOCAL;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_JID_BARE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_LAST_STATUS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_REQUESTER_BARE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STANZA_XML;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STATUS_TEXT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_UNAVAILABLE_TEXT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_AVAILABLE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_DOMAIN_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_HAS_NODE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_VALID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_PRESENCE_PUBLIC;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_MAY_PROBE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_SIGNED_ONLY;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_VALID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SHOW_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SUBJECT_EXISTS;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jivesoftware.util.JiveGlobals;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.xmpp.component.ComponentManagerFactory;

/** StatusRequestFacts against the plugin host's Openfire runtime over TestDirectory. */
public class StatusRequestFactsTest {
    private static final int SHOW_MASK = 7 << FLAG_SHOW_SHIFT;
    private static final int DOMAIN_MASK = 3 << FLAG_DOMAIN_SHIFT;

    private ComponentPresenceProbe probe;

    @Before
    public void installDirectory() throws Exception {
        TestDirectory.install();
        probe = new ComponentPresenceProbe();
        ComponentManagerFactory.getComponentManager().addComponent(ComponentPresenceProbe.SUBDOMAIN, probe);
    }

    @After
    public void removeProbe() throws Exception {
        ComponentManagerFactory.getComponentManager().removeComponent(ComponentPresenceProbe.SUBDOMAIN);
        probe.shutdown();
    }

    private StatusRequestFacts facts(String... namesAndValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return StatusRequestFacts.gather(parameters::get, probe);
    }

    private static String field(StatusRequestFacts facts, int index) {
        byte[] value = facts.fields[index];
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static boolean has(StatusRequestFacts facts, int flag) {
        return (facts.flags & flag) == flag;
    }

    private static int show(StatusRequestFacts facts) {
        return (facts.flags & SHOW_MASK) >> FLAG_SHOW_SHIFT;
    }

    private static int domain(StatusRequestFacts facts) {
        return (facts.flags & DOMAIN_MASK) >> FLAG_DOMAIN_SHIFT;
    }

    @Test
    public void requestParametersAreCarriedAsUtf8() {
        StatusRequestFacts facts = facts("jid", "alice@example.com", "type", "text", "images", "https://x/--IMAGE--",
            "available", "https://x/a", "forbidden", "https://x/f", "req_jid", "bob@example.com");
        assertEquals("alice@example.com", field(facts, 0));
        assertEquals("bob@example.com", field(facts, 1));
        assertEquals("text", field(facts, 2));
        assertEquals("https://x/--IMAGE--", field(facts, 3));
        assertEquals("https://x/a", field(facts, 4));
        assertNull(field(facts, 5));
        assertEquals("https://x/f", field(facts, 10));
        StatusRequestFacts unicode = facts("jid", "été@example.com");
        assertArrayEquals("été@example.com".getBytes(StandardCharsets.UTF_8), unicode.fields[0]);
    }

    @Test
    public void eachShowOfAnAvailableUser() {
        String[][] cases = {{"carol", "0"}, {"bob", "1"}, {"alice", "2"}, {"dave", "3"}, {"erin", "4"}};
        for (String[] c : cases) {
            StatusRequestFacts facts = facts("jid", c[0] + "@example.com");
            assertTrue(c[0], has(facts, FLAG_JID_VALID | FLAG_JID_HAS_NODE | FLAG_SUBJECT_EXISTS | FLAG_AVAILABLE));
            assertEquals(c[0], DOMAIN_LOCAL, domain(facts));
            assertEquals(c[0], Integer.parseInt(c[1]), show(facts));
            assertEquals(c[0] + "@example.com", field(facts, FIELD_JID_BARE));
            assertNull(c[0], field(facts, FIELD_LAST_STATUS));
        }
    }

    @Test
    public void presenceDetailsOfTheSession() {
        StatusRequestFacts alice = facts("jid", "Alice@Example.com/whatever", "type", "xml");
        assertEquals("alice@example.com", field(alice, FIELD_JID_BARE));
        assertEquals("Lunch", field(alice, FIELD_STATUS_TEXT));
        assertEquals(5, alice.priority);
        String stanza = field(alice, FIELD_STANZA_XML);
        assertTrue(stanza, stanza.startsWith("<presence") && stanza.contains("<show>away</show>")
            && stanza.contains("alice@example.com/desk") && stanza.contains("http://jabber.org/protocol/caps"));
        StatusRequestFacts erin = facts("jid", "erin@example.com");
        assertEquals(-1, erin.priority);
        assertNull(field(erin, FIELD_STATUS_TEXT));
    }

    /** The core reads the stanza only for type exactly "xml"; for any other type it is not gathered. */
    @Test
    public void onlyTypeXmlCarriesTheStanza() {
        for (String jid : new String[] {"alice@example.com", "weather.example.com"}) {
            StatusRequestFacts xml = facts("jid", jid, "type", "xml");
            assertTrue(jid, has(xml, FLAG_AVAILABLE));
            String stanza = field(xml, FIELD_STANZA_XML);
            assertTrue(jid + ": " + stanza, stanza != null && stanza.startsWith("<presence"));
            for (String type : new String[] {null, "", "image", "text", "XML", "xml ", "xmlx", "html"}) {
                StatusRequestFacts other = facts("jid", jid, "type", type);
                assertTrue(jid + " type " + type, has(other, FLAG_AVAILABLE));
                assertEquals(jid + " type " + type, field(xml, FIELD_STATUS_TEXT), field(other, FIELD_STATUS_TEXT));
                assertNull(jid + " type " + type, field(other, FIELD_STANZA_XML));
            }
        }
    }

    @Test
    public void offlineUsersWithAndWithoutALastStatus() {
        StatusRequestFacts ghost = facts("jid", "ghost@example.com", "type", "xml");
        assertTrue(has(ghost, FLAG_JID_VALID | FLAG_JID_HAS_NODE | FLAG_SUBJECT_EXISTS));
        assertEquals(0, ghost.flags & FLAG_AVAILABLE);
        assertEquals("Gone home", field(ghost, FIELD_LAST_STATUS));
        assertNull(field(ghost, FIELD_STANZA_XML));
        StatusRequestFacts olga = facts("jid", "olga@example.com");
        assertTrue(has(olga, FLAG_SUBJECT_EXISTS));
        assertNull(field(olga, FIELD_LAST_STATUS));
    }

    @Test
    public void unknownUserForeignDomainAndNoNode() {
        StatusRequestFacts nobody = facts("jid", "nobody@example.com");
        assertTrue(has(nobody, FLAG_JID_VALID | FLAG_JID_HAS_NODE));
        assertEquals(DOMAIN_LOCAL, domain(nobody));
        assertEquals(0, nobody.flags & (FLAG_SUBJECT_EXISTS | FLAG_AVAILABLE));
        StatusRequestFacts foreign = facts("jid", "alice@example.org");
        assertTrue(has(foreign, FLAG_JID_VALID | FLAG_JID_HAS_NODE));
        assertEquals(DOMAIN_FOREIGN, domain(foreign));
        assertEquals(0, foreign.flags & FLAG_SUBJECT_EXISTS);
        StatusRequestFacts lookalike = facts("jid", "alice@evil-example.com");
        assertEquals(DOMAIN_FOREIGN, domain(lookalike));
        StatusRequestFacts domainOnly = facts("jid", "example.com");
        assertTrue(has(domainOnly, FLAG_JID_VALID));
        assertEquals(0, domainOnly.flags & (FLAG_JID_HAS_NODE | FLAG_SUBJECT_EXISTS));
        assertEquals(DOMAIN_LOCAL, domain(domainOnly));
    }

    @Test
    public void invalidOrMissingJids() {
        for (String jid : new String[] {null, "", "alice@", "@example.com", "al ice@exa mple.com", "a".repeat(3072) + "@example.com"}) {
            StatusRequestFacts facts = facts("jid", jid, "req_jid", jid);
            assertEquals("flags for " + jid, 0, facts.flags & ~(FLAG_PRESENCE_PUBLIC | FLAG_REQUESTER_SIGNED_ONLY));
            assertNull(field(facts, FIELD_JID_BARE));
            assertNull(field(facts, FIELD_REQUESTER_BARE));
        }
    }

    @Test
    public void requesterSubscriptions() {
        String[][] cases = {{"bob@example.com", "true"}, {"carol@example.com", "true"}, {"dave@example.com", "false"},
            {"erin@example.com", "false"}, {"stranger@example.org", "false"}, {"alice@example.com", "true"}};
        for (String[] c : cases) {
            StatusRequestFacts facts = facts("jid", "alice@example.com", "req_jid", c[0]);
            assertTrue(c[0], has(facts, FLAG_REQUESTER_VALID));
            assertEquals(c[0], c[0], field(facts, FIELD_REQUESTER_BARE));
            assertEquals(c[0], Boolean.parseBoolean(c[1]), has(facts, FLAG_REQUESTER_MAY_PROBE));
        }
        StatusRequestFacts withResource = facts("jid", "alice@example.com", "req_jid", "Bob@Example.com/phone");
        assertEquals("bob@example.com", field(withResource, FIELD_REQUESTER_BARE));
        StatusRequestFacts none = facts("jid", "alice@example.com");
        assertEquals(0, none.flags & (FLAG_REQUESTER_VALID | FLAG_REQUESTER_MAY_PROBE));
        StatusRequestFacts invalid = facts("jid", "alice@example.com", "req_jid", "bob@");
        assertEquals(0, invalid.flags & (FLAG_REQUESTER_VALID | FLAG_REQUESTER_MAY_PROBE));
    }

    @Test
    public void settingsAreRead() {
        assertEquals(0, facts("jid", "alice@example.com").flags & FLAG_PRESENCE_PUBLIC);
        assertNull(field(facts("jid", "olga@example.com"), FIELD_UNAVAILABLE_TEXT));
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        JiveGlobals.setProperty(PresenceSettings.UNAVAILABLE_STATUS, "Away from the keyboard");
        StatusRequestFacts facts = facts("jid", "olga@example.com");
        assertTrue(has(facts, FLAG_PRESENCE_PUBLIC));
        assertEquals("Away from the keyboard", field(facts, FIELD_UNAVAILABLE_TEXT));
    }

    @Test
    public void componentsAnswerTheProbe() {
        StatusRequestFacts weather = facts("jid", "weather.example.com");
        assertEquals(DOMAIN_COMPONENT, domain(weather));
        assertTrue(has(weather, FLAG_JID_VALID | FLAG_SUBJECT_EXISTS | FLAG_AVAILABLE));
        assertEquals("Sunny", field(weather, FIELD_STATUS_TEXT));
        StatusRequestFacts closed = facts("jid", "closed.example.com");
        assertEquals(DOMAIN_COMPONENT, domain(closed));
        assertTrue(has(closed, FLAG_SUBJECT_EXISTS));
        assertEquals(0, closed.flags & FLAG_AVAILABLE);
    }

    @Test
    public void silentAndUnknownSubdomains() {
        long start = System.nanoTime();
        StatusRequestFacts silent = facts("jid", "silent.example.com");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(DOMAIN_COMPONENT, domain(silent));
        assertEquals(0, silent.flags & FLAG_SUBJECT_EXISTS);
        assertTrue("waited " + waitedMillis + " ms for a 600 ms timeout", waitedMillis >= 500 && waitedMillis < 3000);
        StatusRequestFacts unknown = facts("jid", "nothing.example.com");
        assertEquals(DOMAIN_FOREIGN, domain(unknown));
        assertEquals(0, unknown.flags & FLAG_SUBJECT_EXISTS);
    }

    /** The flags of each entry of a resolveBatch packing, and each entry's jid field. */
    private static List<Object[]> entries(byte[] batch) {
        List<Object[]> found = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(batch);
        while (in.hasRemaining()) {
            int flags = in.getInt();
            in.getInt();
            byte[] packed = new byte[in.getInt()];
            in.get(packed);
            ByteBuffer fields = ByteBuffer.wrap(packed);
            int jidLength = fields.getInt(PresenceCore.FIELD_JID * PresenceCore.PACKED_LENGTH_BYTES);
            String jid = jidLength < 0 ? null
                    : new String(packed, PresenceCore.HEADER_BYTES, jidLength, StandardCharsets.UTF_8);
            found.add(new Object[] {flags, jid, packed});
        }
        return found;
    }

    @Test
    public void severalJidsAreGatheredOncePerDistinctJid() {
        JiveGlobals.setProperty(PresenceSettings.PUBLIC, "true");
        List<String> jids = Arrays.asList("alice@example.com", "nobody@example.com", "alice@example.com");
        Map<String, String> parameters = Map.of("type", "json");
        List<Object[]> got = entries(StatusRequestFacts.gatherBatch(jids, parameters::get, name -> null, probe));
        assertEquals(3, got.size());
        assertEquals("alice@example.com", got.get(0)[1]);
        assertEquals("nobody@example.com", got.get(1)[1]);
        assertTrue(((int) got.get(0)[0] & FLAG_SUBJECT_EXISTS) != 0);
        assertEquals(0, (int) got.get(1)[0] & FLAG_SUBJECT_EXISTS);
        assertArrayEquals("a repeated jid reuses the first one's facts", (byte[]) got.get(0)[2], (byte[]) got.get(2)[2]);
        // other types, or too many jids: facts for the first jid only
        List<Object[]> text = entries(StatusRequestFacts.gatherBatch(jids, Map.of("type", "text")::get, name -> null, probe));
        assertTrue(((int) text.get(0)[0] & FLAG_SUBJECT_EXISTS) != 0);
        assertEquals("alice@example.com", text.get(2)[1]);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < PresenceCore.BATCH_MAX_JIDS + 50; i++) {
            many.add("alice" + i + "@example.com");
        }
        many.set(1, "alice@example.com");
        List<Object[]> over = entries(StatusRequestFacts.gatherBatch(many, parameters::get, name -> null, probe));
        assertEquals("one more than the core answers", PresenceCore.BATCH_MAX_JIDS + 1, over.size());
        assertEquals("no lookups beyond the first", 0, (int) over.get(1)[0] & FLAG_SUBJECT_EXISTS);
    }

    @Test
    public void severalComponentsShareOneProbeWait() {
        String json = TestDirectory.JSON.replace("{\"subdomain\": \"silent\",",
                "{\"subdomain\": \"mute1\", \"available\": true, \"answers\": false, \"delayMillis\": 0},\n"
                + "{\"subdomain\": \"mute2\", \"available\": true, \"answers\": false, \"delayMillis\": 0},\n"
                + "{\"subdomain\": \"mute3\", \"available\": true, \"answers\": false, \"delayMillis\": 0},\n"
                + "{\"subdomain\": \"silent\",");
        assertTrue("the directory names the new components", json.contains("mute3"));
        presence.host.Directory.install(presence.host.Directory.fromJson(json));
        JiveGlobals.setProperty(PresenceSettings.COMPONENT_TIMEOUT, "300");
        assertEquals("Sunny", probe.presenceOf(new org.xmpp.packet.JID("weather.example.com"), 2000).getStatus());
        List<String> jids = Arrays.asList("silent.example.com", "mute1.example.com", "mute2.example.com",
                "mute3.example.com", "weather.example.com");
        long start = System.nanoTime();
        List<Object[]> got = entries(StatusRequestFacts.gatherBatch(jids, Map.of("type", "json")::get, name -> null, probe));
        long waited = (System.nanoTime() - start) / 1_000_000L;
        assertTrue("four silent components waited " + waited + " ms, not 4 x 300", waited >= 250 && waited < 700);
        for (int i = 0; i < 4; i++) {
            assertEquals(jids.get(i), 0, (int) got.get(i)[0] & FLAG_SUBJECT_EXISTS);
        }
        assertTrue("a cached answer still counts after the wait is spent", ((int) got.get(4)[0] & FLAG_SUBJECT_EXISTS) != 0);
        // weather and silent, perhaps mute1 if a millisecond was left; never all five
        assertTrue("components were asked after the wait was spent: " + probe.cachedOutcomes(),
                probe.cachedOutcomes() <= 3);
    }
}

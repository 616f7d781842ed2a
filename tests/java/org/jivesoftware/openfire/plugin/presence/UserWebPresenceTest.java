package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.util.JiveGlobals;
import org.junit.Before;
import org.junit.Test;
import presence.host.Directory;

/** UserWebPresence against the host runtime's users and properties. */
public class UserWebPresenceTest {
    @Before
    public void installDirectory() {
        TestDirectory.install();
    }

    private static User user(String name) throws Exception {
        return XMPPServer.getInstance().getUserManager().getUser(name);
    }

    @Test
    public void unsetOrUnknownChoicesReadAsDefault() throws Exception {
        User alice = user("alice");
        assertEquals(UserWebPresence.Visibility.DEFAULT, UserWebPresence.visibility(alice));
        assertEquals(UserWebPresence.Shown.DEFAULT, UserWebPresence.shown(alice));
        alice.getProperties().put(UserWebPresence.VISIBILITY_PROPERTY, "everyone");
        alice.getProperties().put(UserWebPresence.SHOWN_PROPERTY, "STATUS");
        assertEquals(UserWebPresence.Visibility.DEFAULT, UserWebPresence.visibility(alice));
        assertEquals(UserWebPresence.Shown.DEFAULT, UserWebPresence.shown(alice));
    }

    @Test
    public void choicesAreStoredLowerCaseInTheUserProperties() throws Exception {
        for (UserWebPresence.Visibility v : UserWebPresence.Visibility.values()) {
            for (UserWebPresence.Shown s : UserWebPresence.Shown.values()) {
                UserWebPresence.save(user("bob"), v, s);
                User again = user("bob");  // a new User object: the value lives in the properties
                assertEquals(v, UserWebPresence.visibility(again));
                assertEquals(s, UserWebPresence.shown(again));
                assertEquals(v.name().toLowerCase(), again.getProperties().get("presence.visibility"));
                assertEquals(s.name().toLowerCase(), again.getProperties().get("presence.shown"));
            }
        }
        UserWebPresence.save(user("bob"), null, null);
        assertEquals(UserWebPresence.Visibility.DEFAULT, UserWebPresence.visibility(user("bob")));
    }

    @Test
    public void aLinkIsCreatedOnceAndFindsItsUser() throws Exception {
        String token = UserWebPresence.link(user("alice"));
        assertTrue(token, token.matches("[A-Za-z0-9_-]{22}"));
        assertEquals(token, UserWebPresence.link(user("alice")));
        assertEquals(token, user("alice").getProperties().get("presence.link"));
        assertEquals("alice", UserWebPresence.usernameForToken(token));
        String key = UserWebPresence.indexKey(token);
        assertTrue(key.startsWith("plugin.presence.link."));
        assertEquals("alice", JiveGlobals.getProperty(key, null));
        for (String value : Directory.installed().properties().keySet()) {
            assertTrue("no property name holds the token", !value.contains(token));
        }
        assertTrue("no property value holds the token", !Directory.installed().properties().containsValue(token));
    }

    @Test
    public void rotationEndsTheOldTokenAtOnce() throws Exception {
        String old = UserWebPresence.link(user("alice"));
        String fresh = UserWebPresence.rotateLink(user("alice"));
        assertNotEquals(old, fresh);
        assertNull(UserWebPresence.usernameForToken(old));
        assertNull(JiveGlobals.getProperty(UserWebPresence.indexKey(old), null));
        assertEquals("alice", UserWebPresence.usernameForToken(fresh));
        assertEquals(fresh, UserWebPresence.link(user("alice")));
    }

    @Test
    public void aStaleIndexEntryFindsNobody() throws Exception {
        String old = UserWebPresence.link(user("alice"));
        String key = UserWebPresence.indexKey(old);
        UserWebPresence.rotateLink(user("alice"));
        PresenceSettings.setProperty(key, "alice");  // e.g. a cluster node that missed the delete
        assertNull(UserWebPresence.usernameForToken(old));
    }

    @Test
    public void aMissingIndexEntryIsWrittenAgain() throws Exception {
        String token = UserWebPresence.link(user("bob"));
        PresenceSettings.setProperty(UserWebPresence.indexKey(token), null);
        assertNull(UserWebPresence.usernameForToken(token));
        assertEquals(token, UserWebPresence.link(user("bob")));
        assertEquals("bob", UserWebPresence.usernameForToken(token));
    }

    @Test
    public void malformedOrUnknownTokensFindNobody() throws Exception {
        String token = UserWebPresence.link(user("alice"));
        for (String bad : new String[] {null, "", token.substring(1), token + "A", token.replace(token.charAt(3), '+'),
                "AAAAAAAAAAAAAAAAAAAAAA", token.toUpperCase().equals(token) ? "b" : token.toUpperCase()}) {
            if (!token.equals(bad)) {
                assertNull(String.valueOf(bad), UserWebPresence.usernameForToken(bad));
            }
        }
        // a deleted user: the index still names them, the user look-up fails
        PresenceSettings.setProperty(UserWebPresence.indexKey("ZZZZZZZZZZZZZZZZZZZZZZ"), "nobody");
        assertNull(UserWebPresence.usernameForToken("ZZZZZZZZZZZZZZZZZZZZZZ"));
    }

    @Test
    public void tokensAreRandom() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(seen.add(UserWebPresence.rotateLink(user("carol"))));
        }
        assertEquals(1, Directory.installed().properties().keySet().stream()
                .filter(k -> k.startsWith(UserWebPresence.LINK_INDEX_PREFIX)).count());
    }

    private static StatusRequestFacts gather(String... namesAndValues) {
        java.util.Map<String, String> parameters = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return StatusRequestFacts.gather(parameters::get, null);
    }

    private static String field(StatusRequestFacts facts, int index) {
        return facts.fields[index] == null ? null : new String(facts.fields[index], java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    public void factsByLinkAreTheTokensUsersAndNothingOfJidOrRequester() throws Exception {
        UserWebPresence.save(user("alice"), UserWebPresence.Visibility.LINK, UserWebPresence.Shown.STATUS);
        String token = UserWebPresence.link(user("alice"));
        StatusRequestFacts facts = gather("id", token, "jid", "bob@example.com", "req_jid", "bob@example.com", "type", "text");
        assertEquals("alice@example.com", field(facts, PresenceCore.FIELD_JID_BARE));
        assertEquals(token, field(facts, PresenceCore.FIELD_ID));
        assertTrue((facts.flags & PresenceCore.FLAG_SUBJECT_EXISTS) != 0);
        assertEquals(PresenceCore.VISIBILITY_LINK, (facts.flags >> PresenceCore.FLAG_VISIBILITY_SHIFT) & PresenceCore.FLAG_VISIBILITY_MASK);
        assertEquals(PresenceCore.SHOWN_STATUS, (facts.flags >> PresenceCore.FLAG_SHOWN_SHIFT) & PresenceCore.FLAG_SHOWN_MASK);
        assertNull(field(facts, PresenceCore.FIELD_REQUESTER_BARE));
        assertEquals(0, facts.flags & (PresenceCore.FLAG_REQUESTER_VALID | PresenceCore.FLAG_REQUESTER_MAY_PROBE));
        TestNative.require();
        assertEquals("Away", TestNative.body(CoreAnswer.decode(PresenceCore.resolveFields(facts.fields, facts.flags, facts.priority))));

        StatusRequestFacts unknown = gather("id", "ZZZZZZZZZZZZZZZZZZZZZZ", "jid", "alice@example.com", "type", "text");
        assertNull(field(unknown, PresenceCore.FIELD_JID_BARE));
        assertEquals(0, unknown.flags & (PresenceCore.FLAG_JID_VALID | PresenceCore.FLAG_SUBJECT_EXISTS));
        assertEquals("Forbidden", TestNative.body(CoreAnswer.decode(PresenceCore.resolveFields(unknown.fields, unknown.flags, unknown.priority))));
    }

    @Test
    public void theUsersChoicesAreGatheredAsCodes() throws Exception {
        for (UserWebPresence.Visibility v : UserWebPresence.Visibility.values()) {
            UserWebPresence.save(user("bob"), v, UserWebPresence.Shown.MESSAGE);
            StatusRequestFacts facts = gather("jid", "bob@example.com");
            assertEquals(StatusRequestFacts.visibilityCode(v),
                    (facts.flags >> PresenceCore.FLAG_VISIBILITY_SHIFT) & PresenceCore.FLAG_VISIBILITY_MASK);
            assertEquals(PresenceCore.SHOWN_MESSAGE, (facts.flags >> PresenceCore.FLAG_SHOWN_SHIFT) & PresenceCore.FLAG_SHOWN_MASK);
        }
        assertEquals(PresenceCore.VISIBILITY_HIDDEN, StatusRequestFacts.visibilityCode(UserWebPresence.Visibility.HIDDEN));
        assertEquals(PresenceCore.VISIBILITY_DEFAULT, StatusRequestFacts.visibilityCode(UserWebPresence.Visibility.DEFAULT));
        assertEquals(PresenceCore.SHOWN_DEFAULT, StatusRequestFacts.shownCode(UserWebPresence.Shown.DEFAULT));
        assertEquals(PresenceCore.SHOWN_STATUS, StatusRequestFacts.shownCode(UserWebPresence.Shown.STATUS));
    }

    @Test
    public void theShownSettingIsPassedTrimmed() {
        assertNull(PresenceSettings.shownSetting());
        PresenceSettings.setProperty(PresenceSettings.SHOWN, " status ");
        assertEquals("status", PresenceSettings.shownSetting());
    }
}

/* The runtime's JID: parsing, normalisation and rejection close to Tinder 2.0. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.xmpp.packet.JID;

public class JidTest {
    @Test
    public void parsesAndNormalisesTheParts() {
        JID jid = new JID("Alice@Example.COM/Desk Top");
        assertEquals("alice", jid.getNode());
        assertEquals("example.com", jid.getDomain());
        assertEquals("Desk Top", jid.getResource());
        assertEquals("alice@example.com", jid.toBareJID());
        assertEquals("alice@example.com/Desk Top", jid.toString());
    }

    @Test
    public void domainOnlyAndAtInResource() {
        JID domain = new JID("gateway.example.com");
        assertNull(domain.getNode());
        assertEquals("gateway.example.com", domain.toBareJID());
        JID atInResource = new JID("example.com/a@b");
        assertNull(atInResource.getNode());
        assertEquals("a@b", atInResource.getResource());
    }

    @Test
    public void equalityFollowsTheNormalisedForm() {
        assertEquals(new JID("BOB@example.com"), new JID("bob@EXAMPLE.com"));
        assertEquals(new JID("BOB@example.com").hashCode(), new JID("bob@EXAMPLE.com").hashCode());
        assertNotEquals(new JID("bob@example.com/a"), new JID("bob@example.com/A"));
        assertEquals(0, new JID("a@example.com").compareTo(new JID("A@example.com")));
    }

    @Test
    public void rejectsInvalidJids() {
        String[] invalid = {"", "@example.com", "alice@", "alice@example.com/", "a b@example.com",
            "a\"b@example.com", "a&b@example.com", "a'b@example.com", "a:b@example.com", "a<b@example.com",
            "a>b@example.com", "a@b@example.com", "alice@exa mple.com", "alice@example..com", "alice@.example.com",
            "alice@example.com.", "alice@exa<mple.com", "a\u0001b@example.com", "alice@example.com/\u0000",
            "x".repeat(1024) + "@example.com", "alice@" + "d".repeat(64) + ".com",
            "alice@example.com/" + "r".repeat(1024), "\u00e9".repeat(512) + "@example.com"};
        for (String jid : invalid) {
            try {
                new JID(jid);
                fail("accepted invalid JID '" + jid + "'");
            } catch (IllegalArgumentException expected) {
                // refused as it should be
            }
        }
    }

    @Test
    public void acceptsPartsUpTo1023Bytes() {
        assertEquals(1023, new JID("n".repeat(1023) + "@example.com").getNode().length());
        assertEquals("[::1]", new JID("alice@[::1]").getDomain());
        assertEquals("j\u00fcrgen", new JID("J\u00dcRGEN@example.com").getNode());
    }

    @Test
    public void mapsToNothingBeforeNormalising() {
        JID jid = new JID("Al\u00ADi\u200Bce@exa\uFEFFmple.com/de\u2060sk");
        assertEquals("alice@example.com/desk", jid.toString());
        assertEquals("\u00e9", new JID("e\u0301@example.com").getNode());  // NFKC composes
    }

    /** Parts are prepared once and cached, like Tinder: a repeated JID gives the same parts, and
     * the caches stay bounded however many distinct JIDs are parsed. */
    @Test
    public void preparedPartsAreCachedWithinABound() throws Exception {
        JID first = new JID("Cache.User@Cache.Example.com/Phone");
        for (int i = 0; i < 5000; i++) {
            new JID("user" + i + "@domain" + i + ".example.com/resource" + i);
        }
        JID again = new JID("Cache.User@Cache.Example.com/Phone");
        assertEquals(first, again);
        assertEquals("cache.user@cache.example.com/Phone", again.toString());
        for (String name : new String[] {"PREPARED_NODES", "PREPARED_DOMAINS", "PREPARED_RESOURCES"}) {
            java.lang.reflect.Field field = JID.class.getDeclaredField(name);
            field.setAccessible(true);
            int size = ((java.util.Map<?, ?>) field.get(null)).size();
            assertTrue(name + " holds " + size, size > 0 && size <= 1000);
        }
        try {
            new JID("a b@example.com");
            fail("an invalid JID was accepted after many valid ones");
        } catch (IllegalArgumentException expected) {
            // invalid parts are never cached
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNull() {
        new JID(null);
    }
}

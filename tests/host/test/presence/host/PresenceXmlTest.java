/* Presence.toXML(): Tinder's serialisation (dom4j) with escaping and the extra children; the element is live. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public class PresenceXmlTest {
    private static final JID ALICE = new JID("alice@example.com/desk");

    @Test
    public void fullPresence() {
        Presence presence = Packets.presence(ALICE, null, null, Presence.Show.away, "Lunch", 5, "<c xmlns='urn:x'/>");
        assertEquals("<presence from=\"alice@example.com/desk\"><show>away</show><status>Lunch</status>"
                + "<priority>5</priority><c xmlns=\"urn:x\"></c></presence>", presence.toXML());
        assertTrue(presence.isAvailable());
        assertNull(presence.getType());
        assertEquals(Presence.Show.away, presence.getShow());
        assertEquals(5, presence.getPriority());
        assertEquals(ALICE, presence.getFrom());
    }

    @Test
    public void escapesStatusAndAttributes() {
        Presence presence = Packets.presence(new JID("example.com/a\"<&>"), null, null, null, "<b>&\"'", null, null);
        assertEquals("<presence from=\"example.com/a&quot;&lt;&amp;&gt;\"><status>&lt;b&gt;&amp;\"'</status></presence>",
                presence.toXML());
        assertEquals("<b>&\"'", presence.getStatus());
    }

    @Test
    public void withoutChildrenAndUnavailableComponentAnswer() {
        assertEquals("<presence from=\"alice@example.com/desk\"/>",
                Packets.presence(ALICE, null, null, null, null, null, null).toXML());
        Presence answer = Packets.presence(new JID("gateway.example.com"), new JID("presence.example.com"),
                Presence.Type.unavailable, null, "down", null, null);
        assertFalse(answer.isAvailable());
        assertEquals(0, answer.getPriority());
        assertEquals("<presence type=\"unavailable\" from=\"gateway.example.com\" to=\"presence.example.com\">"
                + "<status>down</status></presence>", answer.toXML());
    }

    @Test
    public void theElementIsLiveAsInTinder() {
        Presence presence = Packets.presence(ALICE, null, null, Presence.Show.away, "Lunch", 5, "<c xmlns='urn:x' v='1'/>");
        presence.getElement().element("status").setText("Back at 2");
        presence.getElement().element("c").attribute("v").setValue("2");
        assertEquals("Back at 2", presence.getStatus());
        assertEquals("<presence from=\"alice@example.com/desk\"><show>away</show><status>Back at 2</status>"
                + "<priority>5</priority><c xmlns=\"urn:x\" v=\"2\"></c></presence>", presence.toXML());
    }
}

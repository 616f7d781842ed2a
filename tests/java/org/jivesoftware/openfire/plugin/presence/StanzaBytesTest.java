package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.dom4j.Element;
import org.junit.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;
import presence.host.Packets;

/** StanzaBytes: a stanza's bytes are kept while its tree is unchanged, and any change is seen. */
public class StanzaBytesTest {
    private static Presence presence(String status) {
        return Packets.presence(new JID("alice@example.com/desk"), null, null, Presence.Show.away, status, 5,
                "<c xmlns='http://jabber.org/protocol/caps' node='n' ver='v'/><x xmlns='urn:x'><photo>ab</photo></x>");
    }

    private static byte[] expected(Presence presence) {
        return presence.toXML().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void anUnchangedStanzaIsKept() {
        Presence presence = presence("Lunch");
        byte[] first = StanzaBytes.of(presence);
        assertArrayEquals(expected(presence), first);
        assertSame(first, StanzaBytes.of(presence));
    }

    /** Every kind of change dom4j allows, each made after the stanza was kept. */
    @Test
    public void everyChangeIsSeen() {
        List<Consumer<Element>> changes = List.of(
                e -> e.element("status").setText("Back at 2"),
                e -> e.element("status").setText(new String("Lunch")), // equal text, another String
                e -> e.element("c").attribute("ver").setValue("w"),
                e -> e.element("c").addAttribute("extra", "1"),
                e -> e.element("x").element("photo").setText("cd"),
                e -> e.addElement("delay").addAttribute("stamp", "2026"),
                e -> e.remove(e.element("priority")),
                e -> e.element("x").addText("tail"),
                e -> e.addAttribute("to", "bob@example.com"),
                e -> e.element("x").setQName(org.dom4j.QName.get("y", "urn:x")),
                // the same nodes in document order, another shape: photo moves from x's child to x's sibling
                e -> {
                    Element photo = e.element("x").element("photo");
                    photo.detach();
                    e.add(photo);
                });
        for (int i = 0; i < changes.size(); i++) {
            Presence presence = presence("Lunch");
            byte[] before = StanzaBytes.of(presence);
            assertSame(before, StanzaBytes.of(presence));
            changes.get(i).accept(presence.getElement());
            byte[] after = StanzaBytes.of(presence);
            assertArrayEquals("change " + i, expected(presence), after);
            assertNotSame("change " + i, before, after);
        }
    }

    @Test
    public void aLongStanzaIsNotKept() {
        Presence presence = presence("x".repeat(StanzaBytes.MAX_KEPT_CHARS));
        byte[] first = StanzaBytes.of(presence);
        assertArrayEquals(expected(presence), first);
        assertNotSame(first, StanzaBytes.of(presence));
    }

    /** More stanzas than slots, from several threads, changed as they go: every answer is the stanza's own. */
    @Test
    public void threadsAlwaysGetTheirStanzasBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Presence> mine = new ArrayList<>();
                    for (int i = 0; i < 2 * StanzaBytes.SLOTS; i++) {
                        mine.add(presence("thread " + thread + " user " + i));
                    }
                    int checked = 0;
                    for (int round = 0; round < 50; round++) {
                        for (Presence presence : mine) {
                            if (round % 7 == 3) {
                                presence.getElement().element("status").setText("round " + round + " " + checked);
                            }
                            assertArrayEquals(expected(presence), StanzaBytes.of(presence));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertTrue(result.get() == 50 * 2 * StanzaBytes.SLOTS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

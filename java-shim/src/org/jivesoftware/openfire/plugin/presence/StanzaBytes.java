package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Node;
import org.dom4j.tree.DefaultElement;
import org.xmpp.packet.Presence;

/**
 * A presence stanza as UTF-8 bytes (Packet.toXML(), encoded): the fact type=xml answers from.
 *
 * Serialising a stanza with dom4j costs more than the rest of an xml answer, and Openfire hands
 * out the same Presence object for as long as the session's presence is unchanged, so recently
 * serialised stanzas are kept by the identity of their dom4j element. A Tinder packet is
 * mutable, though, and nothing tells us when someone changed it; so a kept stanza is used only
 * when its whole tree is still made of the very same objects: every node, every element's name
 * (QName), every attribute and its value, every text, in the same places. dom4j changes a tree
 * only by replacing one of those (Strings never change), so any change makes the next request
 * serialise the stanza again.
 *
 * SLOTS entries of stanzas up to MAX_KEPT_CHARS characters, so at most SLOTS stanzas are held
 * (also after their users went offline, until their slot is taken). Threads share the table
 * without locks, safely: an entry is immutable, the bytes handed out are never modified
 * (PresenceCore.pack copies them), and the tree is recorded before the stanza is serialised,
 * so a change racing with the serialisation can only make the entry fail its next check.
 */
final class StanzaBytes {
    /** Stanzas kept at most. */
    static final int SLOTS = 64;
    /** Longest stanza kept, in characters of toXML(); longer ones are serialised every time. */
    static final int MAX_KEPT_CHARS = 4096;
    /** Ends an element's content in a recorded tree, so that the tree's shape is part of it. */
    private static final Object END = new Object();
    private static final Kept[] RECENT = new Kept[SLOTS];

    private static final class Kept {
        final Element element;
        final Object[] tree;
        final byte[] bytes;

        Kept(Element element, Object[] tree, byte[] bytes) {
            this.element = element;
            this.tree = tree;
            this.bytes = bytes;
        }
    }

    private StanzaBytes() {
    }

    /** presence.toXML() as UTF-8; the bytes must not be modified (they may be shared with other calls). */
    static byte[] of(Presence presence) {
        Element element = presence.getElement();
        if (element == null) {
            return utf8(presence.toXML());
        }
        int slot = System.identityHashCode(element) & (SLOTS - 1);
        Kept kept = RECENT[slot];
        if (kept != null && kept.element == element && matches(element, kept.tree, 0) == kept.tree.length) {
            return kept.bytes;
        }
        List<Object> tree = new ArrayList<>();
        record(element, tree);
        String xml = presence.toXML();
        byte[] bytes = utf8(xml);
        if (xml.length() <= MAX_KEPT_CHARS) {
            RECENT[slot] = new Kept(element, tree.toArray(), bytes);
        }
        return bytes;
    }

    /** Appends the objects of element's tree in document order (see the class comment). */
    private static void record(Element element, List<Object> tree) {
        tree.add(element);
        tree.add(element.getQName());
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            Attribute attribute = element.attribute(i);
            tree.add(attribute);
            tree.add(attribute.getValue());
        }
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            Node node = element.node(i);
            Element child = asElement(node);
            if (child != null) {
                record(child, tree);
            } else {
                tree.add(node);
                tree.add(node.getText());
            }
        }
        tree.add(END);
    }

    /** Compares element's tree with tree from at, as record wrote it: the index after it when
     * every object is the same one, else -1. */
    private static int matches(Element element, Object[] tree, int at) {
        int attributes = element.attributeCount();
        if (tree.length - at < 3 + 2 * attributes || tree[at] != element || tree[at + 1] != element.getQName()) {
            return -1;
        }
        at += 2;
        for (int i = 0; i < attributes; i++, at += 2) {
            Attribute attribute = element.attribute(i);
            if (tree[at] != attribute || tree[at + 1] != attribute.getValue()) {
                return -1;
            }
        }
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            Node node = element.node(i);
            Element child = asElement(node);
            if (child != null) {
                at = matches(child, tree, at);
                if (at < 0) {
                    return -1;
                }
            } else {
                if (tree.length - at < 2 || tree[at] != node || tree[at + 1] != node.getText()) {
                    return -1;
                }
                at += 2;
            }
        }
        return at < tree.length && tree[at] == END ? at + 1 : -1;
    }

    /** node as an Element, or null. DefaultElement (what Openfire's parser builds) is tested by
     * its class: a test against the Element interface on every node of every request is slow
     * when threads test the same classes against different interfaces (the JVM's one-entry
     * cache of a class's last interface match then bounces between cores). */
    private static Element asElement(Node node) {
        if (node.getClass() == DefaultElement.class) {
            return (DefaultElement) node;
        }
        return node.getNodeType() == Node.ELEMENT_NODE && node instanceof Element ? (Element) node : null;
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}

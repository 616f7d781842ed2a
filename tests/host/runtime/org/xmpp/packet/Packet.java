/* Plugin host runtime: Tinder's base class of XMPP stanzas. Holds the addresses and serialises
 * the stanza the way Openfire prints it (attributes type, from, to; then the child elements). */
package org.xmpp.packet;

import presence.host.Xml;

public abstract class Packet {
    private final JID from;
    private final JID to;

    Packet(JID from, JID to) {
        this.from = from;
        this.to = to;
    }

    /** The sender's address, or null. */
    public JID getFrom() {
        return from;
    }

    /** The stanza as XML text: {@code <name type=".." from=".." to="..">children</name>}. */
    public String toXML() {
        StringBuilder xml = new StringBuilder("<").append(elementName());
        appendAttribute(xml, "type", typeName());
        appendAttribute(xml, "from", from == null ? null : from.toString());
        appendAttribute(xml, "to", to == null ? null : to.toString());
        String children = childrenXml();
        if (children.isEmpty()) {
            return xml.append("/>").toString();
        }
        return xml.append('>').append(children).append("</").append(elementName()).append('>').toString();
    }

    private static void appendAttribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("=\"").append(Xml.escapeAttribute(value)).append('"');
        }
    }

    /** The element name, e.g. "presence". */
    abstract String elementName();

    /** The value of the type attribute, or null for none. */
    abstract String typeName();

    /** The serialised child elements (may be empty). */
    abstract String childrenXml();
}

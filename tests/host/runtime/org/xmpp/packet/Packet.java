/* Plugin host runtime: Tinder's base class of XMPP stanzas. As in Tinder, the stanza is a dom4j
 * element (getElement(), live and mutable), toXML() is that element's asXML(), and the getters
 * read the element; the sender's address is also kept as the JID given. */
package org.xmpp.packet;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;

public abstract class Packet {
    private final JID from;
    private final Element element;

    /** A stanza named name with the attributes type, from and to (each when not null), in that order. */
    Packet(String name, String type, JID from, JID to) {
        this.from = from;
        this.element = DocumentHelper.createElement(name);
        if (type != null) {
            element.addAttribute("type", type);
        }
        if (from != null) {
            element.addAttribute("from", from.toString());
        }
        if (to != null) {
            element.addAttribute("to", to.toString());
        }
    }

    /** The sender's address, or null. */
    public JID getFrom() {
        return from;
    }

    /** The stanza's element, as Tinder hands it out: changes to it change the stanza. */
    public Element getElement() {
        return element;
    }

    /** The stanza as XML text, dom4j's serialisation of the element (as Tinder's toXML()). */
    public String toXML() {
        return element.asXML();
    }
}

/* Plugin host runtime: Tinder's presence stanza. Instances are made by the host
 * (presence.host.Packets) from the in-memory directory: show, status and priority elements,
 * then the session's extra child elements, as Openfire keeps them. As in Tinder, the getters
 * read the element, so a change made through getElement() shows in them and in toXML(). */
package org.xmpp.packet;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Node;

public class Presence extends Packet {
    private Presence(JID from, JID to, Type type, Show show, String status, Integer priority, String extraXml) {
        super("presence", type == null ? null : type.name(), from, to);
        Element element = getElement();
        if (show != null) {
            element.addElement("show").setText(show.name());
        }
        if (status != null) {
            element.addElement("status").setText(status);
        }
        if (priority != null) {
            element.addElement("priority").setText(priority.toString());
        }
        if (extraXml != null && !extraXml.isEmpty()) {
            Element wrapper;
            try {
                wrapper = DocumentHelper.parseText("<extra>" + extraXml + "</extra>").getRootElement();
            } catch (DocumentException notWellFormed) {
                throw new IllegalArgumentException("extra child elements are not well-formed: " + notWellFormed.getMessage());
            }
            for (Node child : wrapper.content().toArray(new Node[0])) {
                child.detach();
                element.add(child);
            }
        }
    }

    /** True when the presence has no type (an available presence). */
    public boolean isAvailable() {
        return getType() == null;
    }

    /** The type, or null for an available presence (or a type this runtime does not know). */
    public Type getType() {
        String type = getElement().attributeValue("type");
        if (type == null) {
            return null;
        }
        try {
            return Type.valueOf(type);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The show value, or null for plain available (or a value this runtime does not know). */
    public Show getShow() {
        String show = getElement().elementText("show");
        if (show == null) {
            return null;
        }
        try {
            return Show.valueOf(show);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The status text, or null. */
    public String getStatus() {
        return getElement().elementText("status");
    }

    /** The priority, 0 when the stanza has none or it is not a number. */
    public int getPriority() {
        String priority = getElement().elementTextTrim("priority");
        if (priority == null) {
            return 0;
        }
        try {
            return Integer.parseInt(priority);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    public enum Show { chat, away, xa, dnd }

    public enum Type { unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error }
}

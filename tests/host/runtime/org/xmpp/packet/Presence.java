/* Plugin host runtime: Tinder's presence stanza, read-only. Instances are made by the host
 * (presence.host.Packets) from the in-memory directory; toXML() appends the session's extra
 * child elements verbatim after show, status and priority, as Openfire keeps them. */
package org.xmpp.packet;

import presence.host.Xml;

public class Presence extends Packet {
    private final Type type;
    private final Show show;
    private final String status;
    private final Integer priority;
    private final String extraXml;

    private Presence(JID from, JID to, Type type, Show show, String status, Integer priority, String extraXml) {
        super(from, to);
        this.type = type;
        this.show = show;
        this.status = status;
        this.priority = priority;
        this.extraXml = extraXml == null ? "" : extraXml;
    }

    /** True when the presence has no type (an available presence). */
    public boolean isAvailable() {
        return type == null;
    }

    /** The type, or null for an available presence. */
    public Type getType() {
        return type;
    }

    /** The show value, or null for plain available. */
    public Show getShow() {
        return show;
    }

    /** The status text, or null. */
    public String getStatus() {
        return status;
    }

    /** The priority, 0 when the stanza has none. */
    public int getPriority() {
        return priority == null ? 0 : priority;
    }

    @Override
    String elementName() {
        return "presence";
    }

    @Override
    String typeName() {
        return type == null ? null : type.name();
    }

    @Override
    String childrenXml() {
        StringBuilder xml = new StringBuilder();
        if (show != null) {
            xml.append("<show>").append(show.name()).append("</show>");
        }
        if (status != null) {
            xml.append("<status>").append(Xml.escapeText(status)).append("</status>");
        }
        if (priority != null) {
            xml.append("<priority>").append(priority).append("</priority>");
        }
        return xml.append(extraXml).toString();
    }

    public enum Show { chat, away, xa, dnd }

    public enum Type { unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error }
}

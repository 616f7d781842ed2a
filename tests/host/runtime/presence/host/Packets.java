/* Builds the read-only Tinder packets the runtime hands to presence.jar. Host-only. */
package presence.host;

import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public final class Packets {
    private static final Class<?>[] PRESENCE_PARAMETERS = {JID.class, JID.class, Presence.Type.class,
        Presence.Show.class, String.class, Integer.class, String.class};

    private Packets() {
    }

    /**
     * A presence stanza. type null = available; show, status, priority (null = no element) and
     * extraXml (well-formed child elements, appended verbatim; null = none) as Openfire holds them.
     */
    public static Presence presence(JID from, JID to, Presence.Type type, Presence.Show show,
                                    String status, Integer priority, String extraXml) {
        return HiddenConstructors.create(Presence.class, PRESENCE_PARAMETERS,
                from, to, type, show, status, priority, extraXml);
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.jivesoftware.openfire.PresenceManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * The arguments of one PresenceCore.resolveFields call (packed by PresenceCore.pack): the request
 * parameters and the facts Openfire knows about the asked-for JID, exactly as README's "The JNI
 * boundary" lays them out.
 * Facts only: every decision is the core's. Lookups that cannot matter are skipped (no user:
 * no presence lookup; type not "xml": no stanza serialisation).
 */
final class StatusRequestFacts {
    /** The request parameters carried as fields 0..10, in order. */
    static final List<String> PARAMETERS = List.of("jid", "req_jid", "type", "images",
            "available", "chat", "away", "xa", "dnd", "offline", "forbidden");

    static final int JID_BARE = 11;
    static final int REQUESTER_BARE = 12;
    static final int STATUS_TEXT = 13;
    static final int STANZA_XML = 14;
    static final int LAST_STATUS = 15;
    static final int UNAVAILABLE_TEXT = 16;

    static final int JID_VALID = 1;
    static final int JID_HAS_NODE = 1 << 1;
    static final int DOMAIN_SHIFT = 2;
    static final int DOMAIN_FOREIGN = 0;
    static final int DOMAIN_LOCAL = 1;
    static final int DOMAIN_COMPONENT = 2;
    static final int SUBJECT_EXISTS = 1 << 4;
    static final int PRESENCE_PUBLIC = 1 << 5;
    static final int REQUESTER_VALID = 1 << 6;
    static final int REQUESTER_MAY_PROBE = 1 << 7;
    static final int AVAILABLE = 1 << 8;
    static final int SHOW_SHIFT = 9;

    /** presence.h PRESENCE_MAX_JID: the core refuses a longer jid/req_jid before any fact
     * matters, so such values are not handed to Openfire's JID parser and caches. */
    static final int MAX_JID_BYTES = 3071;

    final byte[][] fields = new byte[PresenceCore.FIELD_COUNT][];
    int flags;
    int priority;
    /** Whether STANZA_XML is gathered: only for type exactly "xml" (see addPresenceFacts). */
    private final boolean stanzaWanted;

    private StatusRequestFacts(boolean stanzaWanted) {
        this.stanzaWanted = stanzaWanted;
    }

    /** Reads the parameters (by name, null when absent) and gathers the facts from Openfire. */
    static StatusRequestFacts gather(Function<String, String> parameters, ComponentPresenceProbe probe) {
        StatusRequestFacts facts = new StatusRequestFacts("xml".equals(parameters.apply("type")));
        for (int i = 0; i < PARAMETERS.size(); i++) {
            facts.fields[i] = utf8(parameters.apply(PARAMETERS.get(i)));
        }
        facts.set(PRESENCE_PUBLIC, PresenceSettings.isPublic());
        facts.fields[UNAVAILABLE_TEXT] = utf8(PresenceSettings.unavailableStatus());

        JID requester = parseJid(parameters.apply("req_jid"));
        if (requester != null) {
            facts.set(REQUESTER_VALID, true);
            facts.fields[REQUESTER_BARE] = utf8(requester.toBareJID());
        }
        JID subject = parseJid(parameters.apply("jid"));
        if (subject == null) {
            return facts;
        }
        facts.set(JID_VALID, true);
        facts.fields[JID_BARE] = utf8(subject.toBareJID());
        facts.set(JID_HAS_NODE, subject.getNode() != null);
        XMPPServer server = XMPPServer.getInstance();
        int domain = domainKind(server, subject);
        facts.flags |= domain << DOMAIN_SHIFT;
        if (domain == DOMAIN_LOCAL && subject.getNode() != null) {
            facts.addUserFacts(server, subject.getNode(), requester);
        } else if (domain == DOMAIN_COMPONENT) {
            facts.addComponentFacts(probe, subject);
        }
        return facts;
    }

    /** The JID, or null when absent, empty, over the core's limit or not a valid JID. */
    static JID parseJid(String value) {
        if (value == null || value.isEmpty() || utf8(value).length > MAX_JID_BYTES) {
            return null;
        }
        try {
            return new JID(value);
        } catch (RuntimeException invalid) {  // IllegalArgumentException, or worse, from Tinder
            return null;
        }
    }

    /** Local: this server's XMPP domain; component: a sub-domain this server serves. */
    private static int domainKind(XMPPServer server, JID subject) {
        if (server.isLocal(subject)) {
            return DOMAIN_LOCAL;
        }
        String serverDomain = server.getServerInfo().getXMPPDomain();
        if (subject.getDomain().endsWith("." + serverDomain) && !server.isRemote(subject)) {
            return DOMAIN_COMPONENT;
        }
        return DOMAIN_FOREIGN;
    }

    private void addUserFacts(XMPPServer server, String node, JID requester) {
        User user;
        try {
            user = server.getUserManager().getUser(node);
        } catch (UserNotFoundException unknown) {
            return;
        }
        set(SUBJECT_EXISTS, true);
        PresenceManager presences = server.getPresenceManager();
        if (requester != null) {
            set(REQUESTER_MAY_PROBE, mayProbe(presences, requester, user.getUsername()));
        }
        Presence presence = presences.getPresence(user);
        if (presence != null && presence.isAvailable()) {
            addPresenceFacts(presence);
        } else {
            fields[LAST_STATUS] = utf8(presences.getLastPresenceStatus(user));
        }
    }

    private static boolean mayProbe(PresenceManager presences, JID requester, String username) {
        try {
            return presences.canProbePresence(requester, username);
        } catch (UserNotFoundException unknown) {
            return false;
        }
    }

    /**
     * A component exists when it answered the probe with an available or unavailable presence.
     * The probe asks the jid's domain: node@component answers the component's own presence.
     */
    private void addComponentFacts(ComponentPresenceProbe probe, JID component) {
        Presence answer = probe == null ? null : probe.presenceOf(component, PresenceSettings.componentTimeoutMillis());
        if (answer == null || answer.getType() == Presence.Type.error) {
            return;
        }
        set(SUBJECT_EXISTS, true);
        if (answer.isAvailable()) {
            addPresenceFacts(answer);
        }
    }

    private void addPresenceFacts(Presence presence) {
        set(AVAILABLE, true);
        flags |= showCode(presence.getShow()) << SHOW_SHIFT;
        fields[STATUS_TEXT] = utf8(presence.getStatus());
        // A skipped lookup, not a decision: the core reads the stanza only when type is exactly
        // "xml" (image and text never use it, any other type is a 400 before presence matters),
        // so toXML() and its encoding are not paid for on every image and text request.
        if (stanzaWanted) {
            fields[STANZA_XML] = utf8(presence.toXML());
        }
        priority = presence.getPriority();
    }

    /** 0 none, 1 chat, 2 away, 3 xa, 4 dnd. */
    static int showCode(Presence.Show show) {
        if (show == null) {
            return 0;
        }
        return switch (show) {
            case chat -> 1;
            case away -> 2;
            case xa -> 3;
            case dnd -> 4;
        };
    }

    private void set(int flag, boolean value) {
        if (value) {
            flags |= flag;
        }
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}

package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_COMPONENT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_FOREIGN;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.DOMAIN_LOCAL;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_AVATAR;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_DEFAULT_THEME;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.BATCH_MAX_JIDS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_CACHE_MAX_AGE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_CORS_ORIGINS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_IF_NONE_MATCH;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_JID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_JID_BARE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_REQ_JID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_ORIGIN;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_LAST_STATUS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_REQUESTER_BARE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STANZA_XML;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STATUS_TEXT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_UNAVAILABLE_TEXT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_AVAILABLE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_DOMAIN_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_HAS_NODE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_VALID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_PREFLIGHT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_PRESENCE_PUBLIC;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_MAY_PROBE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_SIGNED_ONLY;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_NOW;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_PREVIOUS_KEY_UNTIL;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_SHOWN_SETTING;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SHOWN_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SIGNATURE_KEY_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_VISIBILITY_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_VALID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SHOW_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SUBJECT_EXISTS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.SHOW_AWAY;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.SHOW_CHAT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.SHOW_DND;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.SHOW_NONE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.SHOW_XA;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jivesoftware.openfire.PresenceManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * The arguments of one PresenceCore.resolveFields call (packed by PresenceCore.pack): the request
 * parameters and the facts Openfire knows about the asked-for JID, in the layout PresenceCore
 * defines (its FIELD_, FLAG_, DOMAIN_ and SHOW_ constants).
 * Facts only: every decision is the core's. Lookups that cannot matter are skipped (no user:
 * no presence lookup; type not "xml": no stanza serialisation; type not "avatar": no vCard).
 */
final class StatusRequestFacts {
    /** The request parameters, by name, carried as fields PresenceCore.FIELD_JID ..
     * FIELD_PARAMETER_COUNT - 1 in this order (PresenceCoreTest checks it against the constants). */
    static final List<String> PARAMETERS = Collections.unmodifiableList(Arrays.asList("jid", "req_jid", "type", "images",
            "available", "chat", "away", "xa", "dnd", "offline", "forbidden", "id", "expires", "label", "message",
            "theme", "size", "format"));

    /** The parameter of a signed req_jid (RequestSignature) read by the shim and never packed
     * (the core sees only which secret's signature it equals). */
    static final List<String> SIGNATURE_PARAMETERS = Collections.singletonList("sig");

    /** PresenceCore.MAX_JID_BYTES (presence.h PRESENCE_MAX_JID). */
    static final int MAX_JID_BYTES = PresenceCore.MAX_JID_BYTES;

    final byte[][] fields = new byte[PresenceCore.FIELD_COUNT][];
    int flags;
    int priority;
    /** Whether FIELD_STANZA_XML is gathered: only for type exactly "xml" (see addPresenceFacts). */
    private final boolean stanzaWanted;
    /** Whether FIELD_AVATAR is gathered: only for type exactly "avatar" (see addUserFacts). */
    private final boolean avatarWanted;
    /** How long a component probe may wait for this request (gatherBatch shares one budget). */
    private long probeMillis;

    private StatusRequestFacts(boolean stanzaWanted, boolean avatarWanted) {
        this.stanzaWanted = stanzaWanted;
        this.avatarWanted = avatarWanted;
    }

    /** The request headers the core reads (carried as FIELD_IF_NONE_MATCH and FIELD_ORIGIN). */
    static final String IF_NONE_MATCH = "If-None-Match";
    static final String ORIGIN = "Origin";

    /** Reads the parameters (by name, null when absent) and gathers the facts from Openfire. */
    static StatusRequestFacts gather(Function<String, String> parameters, ComponentPresenceProbe probe) {
        return gather(parameters, name -> null, probe);
    }

    /**
     * Reads the parameters and the request headers (by name: a header's lines joined with ", ",
     * null when absent) and gathers the facts from Openfire.
     */
    static StatusRequestFacts gather(Function<String, String> parameters, Function<String, String> headers,
                                     ComponentPresenceProbe probe) {
        return gather(parameters, headers, probe, PresenceSettings.componentTimeoutMillis());
    }

    /** gather, a component probe waiting at most probeMillis; below 0: no probe, only a cached outcome. */
    private static StatusRequestFacts gather(Function<String, String> parameters, Function<String, String> headers,
                                             ComponentPresenceProbe probe, long probeMillis) {
        StatusRequestFacts facts = withSettings(parameters, headers);
        facts.addLookups(parameters, probe, probeMillis);
        return facts;
    }

    /** withoutLookups and the settings the answers read: the facts that do not depend on the jid. */
    private static StatusRequestFacts withSettings(Function<String, String> parameters, Function<String, String> headers) {
        StatusRequestFacts facts = withoutLookups(parameters, headers);
        facts.set(FLAG_PRESENCE_PUBLIC, PresenceSettings.isPublic());
        facts.fields[FIELD_UNAVAILABLE_TEXT] = utf8(PresenceSettings.unavailableStatus());
        facts.fields[FIELD_SHOWN_SETTING] = utf8(PresenceSettings.shownSetting());
        facts.fields[FIELD_DEFAULT_THEME] = utf8(PresenceSettings.theme());
        return facts;
    }

    /** These facts with the jid parameter replaced (the subject not yet looked up). */
    private StatusRequestFacts withJid(String jid) {
        StatusRequestFacts copy = new StatusRequestFacts(stanzaWanted, avatarWanted);
        System.arraycopy(fields, 0, copy.fields, 0, fields.length);
        copy.fields[FIELD_JID] = utf8(jid);
        copy.flags = flags;
        return copy;
    }

    /** Adds Openfire's facts about the subject (by link, or the jid as seen by req_jid), a
     * component probe waiting at most probeMillis (below 0: no probe, only a cached outcome). */
    private void addLookups(Function<String, String> parameters, ComponentPresenceProbe probe, long probeMillis) {
        this.probeMillis = probeMillis;
        XMPPServer server = XMPPServer.getInstance();

        String token = parameters.apply("id");
        if (token != null && !token.isEmpty()) {
            // By link: the token's user is the subject; jid, req_jid and signatures are not read.
            String username = UserWebPresence.usernameForToken(token);
            if (username != null) {
                JID subject = parseJid(username + "@" + server.getServerInfo().getXMPPDomain());
                addSubjectFacts(server, subject, null, null);
            }
            return;
        }

        JID requester = parseJid(parameters.apply("req_jid"), fields[FIELD_REQ_JID]);
        if (requester != null) {
            set(FLAG_REQUESTER_VALID, true);
            fields[FIELD_REQUESTER_BARE] = utf8(requester.toBareJID());
        }
        if (PresenceSettings.requesterSignedOnly()) {
            set(FLAG_REQUESTER_SIGNED_ONLY, true);
            // Facts, not a decision: which secret's signature sig equals, the time and the previous
            // secret's end; the core decides whether that counts. Computed only when it can matter.
            if (requester != null) {
                RequestSignature.Keys keys = PresenceSettings.signingKeys();
                int key = RequestSignature.matchingKey(keys, parameters.apply("jid"), parameters.apply("req_jid"),
                        parameters.apply("expires"), parameters.apply("sig"));
                flags |= key << FLAG_SIGNATURE_KEY_SHIFT;
                fields[FIELD_NOW] = utf8(Long.toString(System.currentTimeMillis() / 1000));
                fields[FIELD_PREVIOUS_KEY_UNTIL] = utf8(Long.toString(keys.previousUntil));
            }
        }
        addSubjectFacts(server, parseJid(parameters.apply("jid"), fields[FIELD_JID]), requester, probe);
    }

    /** The facts of the subject (null: none), as seen by requester (null: nobody). */
    private void addSubjectFacts(XMPPServer server, JID subject, JID requester, ComponentPresenceProbe probe) {
        if (subject == null) {
            return;
        }
        set(FLAG_JID_VALID, true);
        fields[FIELD_JID_BARE] = utf8(subject.toBareJID());
        set(FLAG_JID_HAS_NODE, subject.getNode() != null);
        int domain = domainKind(server, subject);
        flags |= domain << FLAG_DOMAIN_SHIFT;
        if (domain == DOMAIN_LOCAL && subject.getNode() != null) {
            addUserFacts(server, subject.getNode(), requester);
        } else if (domain == DOMAIN_COMPONENT) {
            addComponentFacts(probe, subject);
        }
    }

    /** The parameters, the headers and the caching and CORS settings: everything but Openfire's facts. */
    private static StatusRequestFacts withoutLookups(Function<String, String> parameters, Function<String, String> headers) {
        String type = parameters.apply("type");
        StatusRequestFacts facts = new StatusRequestFacts("xml".equals(type), "avatar".equals(type));
        for (int i = 0; i < PARAMETERS.size(); i++) {
            facts.fields[i] = utf8(parameters.apply(PARAMETERS.get(i)));
        }
        facts.fields[FIELD_IF_NONE_MATCH] = utf8(headers.apply(IF_NONE_MATCH));
        facts.fields[FIELD_ORIGIN] = utf8(headers.apply(ORIGIN));
        facts.fields[FIELD_CACHE_MAX_AGE] = utf8(PresenceSettings.cacheMaxAge());
        facts.fields[FIELD_CORS_ORIGINS] = utf8(PresenceSettings.corsOrigins());
        return facts;
    }

    /** The facts of an OPTIONS request: the headers and settings only (the preflight reads nothing else). */
    static StatusRequestFacts preflight(Function<String, String> headers) {
        StatusRequestFacts facts = withoutLookups(name -> null, headers);
        facts.set(FLAG_PREFLIGHT, true);
        return facts;
    }

    /**
     * The entries of PresenceCore.resolveBatch for several jid values (in the order given): per
     * jid the request with that jid and its facts, gathered once per distinct jid. Lookups that
     * cannot matter are skipped: after the first jid, facts are gathered only for type exactly
     * "json", without a private link ("id") and at most BATCH_MAX_JIDS jids (the core answers
     * any other type and any link from the first jid, and too many jids with a 400); at most BATCH_MAX_JIDS + 1 entries are packed. All
     * component probes of one request share one plugin.presence.component.timeout: once it is
     * spent, further components are not asked (only an outcome cached by ComponentPresenceProbe
     * counts; without one they answer as a silent component does), so one request never holds
     * its thread longer than one request for one jid can. What does not depend on the jid (the
     * other parameters, the headers, the settings) is read once for all entries.
     */
    static byte[] gatherBatch(List<String> jids, Function<String, String> parameters, Function<String, String> headers,
                              ComponentPresenceProbe probe) {
        int count = Math.min(jids.size(), BATCH_MAX_JIDS + 1);
        String token = parameters.apply("id");
        boolean factsWanted = "json".equals(parameters.apply("type")) && jids.size() <= BATCH_MAX_JIDS
                && (token == null || token.isEmpty());  // by link the core answers the first entry alone
        byte[][][] fields = new byte[count][][];
        int[] flags = new int[count];
        int[] priorities = new int[count];
        Map<String, Integer> gathered = new HashMap<>();
        // what does not depend on the jid is read once for the whole request
        StatusRequestFacts request = withSettings(parameters, headers);
        long timeout = PresenceSettings.componentTimeoutMillis();
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        for (int i = 0; i < count; i++) {
            String jid = jids.get(i);
            Integer same = gathered.get(jid);
            if (same != null) {
                fields[i] = fields[same];
                flags[i] = flags[same];
                priorities[i] = priorities[same];
                continue;
            }
            StatusRequestFacts facts = request.withJid(jid);
            if (i == 0 || factsWanted) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    left = timeout == 0 ? 0 : -1;
                }
                facts.addLookups(name -> "jid".equals(name) ? jid : parameters.apply(name), probe, left);
            }
            fields[i] = facts.fields;
            flags[i] = facts.flags;
            priorities[i] = facts.priority;
            gathered.put(jid, i);
        }
        return PresenceCore.packBatch(fields, flags, priorities);
    }

    /** The JID, or null when absent, empty, over the core's limit or not a valid JID. */
    static JID parseJid(String value) {
        return parseJid(value, utf8(value));
    }

    /** parseJid of value, whose UTF-8 bytes are encoded (null when value is). */
    private static JID parseJid(String value, byte[] encoded) {
        if (value == null || value.isEmpty() || encoded.length > MAX_JID_BYTES) {
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
        set(FLAG_SUBJECT_EXISTS, true);
        flags |= visibilityCode(UserWebPresence.visibility(user)) << FLAG_VISIBILITY_SHIFT;
        flags |= shownCode(UserWebPresence.shown(user)) << FLAG_SHOWN_SHIFT;
        // A skipped lookup, not a decision: only type=avatar reads the photo, and the core
        // decides whether this requester sees it (a forbidden request gets the default avatar).
        if (avatarWanted) {
            fields[FIELD_AVATAR] = VCardPhoto.of(user.getUsername());
        }
        PresenceManager presences = server.getPresenceManager();
        if (requester != null) {
            set(FLAG_REQUESTER_MAY_PROBE, mayProbe(presences, requester, user.getUsername()));
        }
        Presence presence = presences.getPresence(user);
        if (presence != null && presence.isAvailable()) {
            addPresenceFacts(presence);
        } else {
            fields[FIELD_LAST_STATUS] = utf8(presences.getLastPresenceStatus(user));
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
        // no time left (several jids share one wait): only a cached outcome counts, nothing is asked
        Presence answer = probe == null ? null
                : probeMillis < 0 ? probe.cachedPresenceOf(component) : probe.presenceOf(component, probeMillis);
        if (answer == null || answer.getType() == Presence.Type.error) {
            return;
        }
        set(FLAG_SUBJECT_EXISTS, true);
        if (answer.isAvailable()) {
            addPresenceFacts(answer);
        }
    }

    private void addPresenceFacts(Presence presence) {
        set(FLAG_AVAILABLE, true);
        flags |= showCode(presence.getShow()) << FLAG_SHOW_SHIFT;
        fields[FIELD_STATUS_TEXT] = utf8(presence.getStatus());
        // A skipped lookup, not a decision: the core reads the stanza only when type is exactly
        // "xml" (image and text never use it, any other type is a 400 before presence matters),
        // so toXML() and its encoding are not paid for on every image and text request.
        if (stanzaWanted) {
            fields[FIELD_STANZA_XML] = StanzaBytes.of(presence);
        }
        priority = presence.getPriority();
    }

    /** The VISIBILITY_ code of a user's choice. */
    static int visibilityCode(UserWebPresence.Visibility visibility) {
        switch (visibility) {
            case PUBLIC:
                return PresenceCore.VISIBILITY_PUBLIC;
            case CONTACTS:
                return PresenceCore.VISIBILITY_CONTACTS;
            case LINK:
                return PresenceCore.VISIBILITY_LINK;
            case HIDDEN:
                return PresenceCore.VISIBILITY_HIDDEN;
            default:
                return PresenceCore.VISIBILITY_DEFAULT;
        }
    }

    /** The SHOWN_ code of a user's choice. */
    static int shownCode(UserWebPresence.Shown shown) {
        switch (shown) {
            case STATUS:
                return PresenceCore.SHOWN_STATUS;
            case MESSAGE:
                return PresenceCore.SHOWN_MESSAGE;
            default:
                return PresenceCore.SHOWN_DEFAULT;
        }
    }

    /** The SHOW_ code of a presence's show (null: SHOW_NONE). */
    static int showCode(Presence.Show show) {
        if (show == null) {
            return SHOW_NONE;
        }
        switch (show) {
            case chat:
                return SHOW_CHAT;
            case away:
                return SHOW_AWAY;
            case xa:
                return SHOW_XA;
            case dnd:
                return SHOW_DND;
            default:
                throw new IllegalArgumentException("unknown show " + show);
        }
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

package org.jivesoftware.openfire.plugin.presence;

/**
 * The JNI entry into the C decision core (native/jni/presence_jni.c), and the one definition of
 * the layout that crosses it. This class calls System.load, so the library is bound to the class
 * loader that loaded this class.
 *
 * <p>The constants below are the layout. The C side does not retype them: the native build
 * compiles this file alone with {@code javac -h}, which emits every constant as a #define and
 * resolve's prototype (so the C compiler checks the native signature), and derives from that
 * header the JNI-free one of the packed codec (native/codec/). This file must therefore compile
 * on its own (JDK classes only), and every constant must be a compile-time {@code int}.
 *
 * <p>resolve(packed, flags, priority):
 * <ul>
 * <li>packed: FIELD_COUNT lengths of PACKED_LENGTH_BYTES each (big-endian i32, PACKED_ABSENT =
 *     absent), then the present fields' bytes in field order; see {@link #pack}.
 * <li>flags: the FLAG_ bits; the jid's domain kind (DOMAIN_) at FLAG_DOMAIN_SHIFT and the show
 *     code (SHOW_) at FLAG_SHOW_SHIFT, each under its mask.
 * <li>the answer: ANSWER_STATUS_BYTES of HTTP status, ANSWER_COUNT_BYTES of header count N, N
 *     times (name, value), then the log message (empty = none), each text preceded by its length
 *     in ANSWER_LENGTH_BYTES; then the body to the end. All integers are big-endian and unsigned.
 * </ul>
 */
final class PresenceCore {
    // ---- packed fields: request parameters (as the client sent them), then snapshot facts ----
    /** Request parameter "jid". */
    static final int FIELD_JID = 0;
    /** Request parameter "req_jid". */
    static final int FIELD_REQ_JID = 1;
    /** Request parameter "type". */
    static final int FIELD_TYPE = 2;
    /** Request parameter "images" (URL template with --IMAGE--). */
    static final int FIELD_IMAGES = 3;
    /** Number of status names (available, chat, away, xa, dnd, offline, forbidden: presence.h's order). */
    static final int STATUS_COUNT = 7;
    /** The per-status URL parameters, one per status name in that order, from here on. */
    static final int FIELD_STATUS_URL_FIRST = 4;
    /** Request parameter "id" (a private-link token; when present, "jid" is not read). */
    static final int FIELD_ID = FIELD_STATUS_URL_FIRST + STATUS_COUNT;
    /** Request parameter "expires" (a signature's end, Unix seconds, as sent). */
    static final int FIELD_EXPIRES = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 1;
    /** Request parameter "label" (the left text of type=badge and type=shields). */
    static final int FIELD_LABEL = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 2;
    /** Request parameter "message" ("1": type=badge/shields add the user's message). */
    static final int FIELD_MESSAGE = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 3;
    /** Request parameter "theme" (a built-in icon theme). */
    static final int FIELD_THEME = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 4;
    /** Request parameter "size" (icon pixels). */
    static final int FIELD_SIZE = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 5;
    /** Request parameter "format" (png or svg). */
    static final int FIELD_FORMAT = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 6;
    /** Number of request-parameter fields (FIELD_JID up to the last one above). */
    static final int FIELD_PARAMETER_COUNT = FIELD_STATUS_URL_FIRST + STATUS_COUNT + 7;
    /** Snapshot: the normalised bare form of a valid jid. */
    static final int FIELD_JID_BARE = FIELD_PARAMETER_COUNT;
    /** Snapshot: the normalised bare form of a valid req_jid. */
    static final int FIELD_REQUESTER_BARE = FIELD_PARAMETER_COUNT + 1;
    /** Snapshot: the available session's status message. */
    static final int FIELD_STATUS_TEXT = FIELD_PARAMETER_COUNT + 2;
    /** Snapshot: that session's stanza (gathered only for type=xml, the only answer that reads it). */
    static final int FIELD_STANZA_XML = FIELD_PARAMETER_COUNT + 3;
    /** Snapshot: the remembered last status of an offline user. */
    static final int FIELD_LAST_STATUS = FIELD_PARAMETER_COUNT + 4;
    /** Snapshot: plugin.presence.unavailable.status. */
    static final int FIELD_UNAVAILABLE_TEXT = FIELD_PARAMETER_COUNT + 5;
    /** Snapshot: the current time, Unix seconds, in decimal (for the signature's expires). */
    static final int FIELD_NOW = FIELD_PARAMETER_COUNT + 6;
    /** Snapshot: plugin.presence.secret.previous.until in decimal (end of the previous secret's grace). */
    static final int FIELD_PREVIOUS_KEY_UNTIL = FIELD_PARAMETER_COUNT + 7;
    /** Snapshot: plugin.presence.shown (what users without a choice show). */
    static final int FIELD_SHOWN_SETTING = FIELD_PARAMETER_COUNT + 8;
    /** Snapshot: the vCard's PHOTO/BINVAL, base64-decoded (gathered only for type=avatar). */
    static final int FIELD_AVATAR = FIELD_PARAMETER_COUNT + 9;
    /** Snapshot: plugin.presence.theme, the icon theme when the request names none. */
    static final int FIELD_DEFAULT_THEME = FIELD_PARAMETER_COUNT + 10;
    /** Request header If-None-Match (its lines joined with ", "). */
    static final int FIELD_IF_NONE_MATCH = FIELD_PARAMETER_COUNT + 11;
    /** Request header Origin. */
    static final int FIELD_ORIGIN = FIELD_PARAMETER_COUNT + 12;
    /** Snapshot: plugin.presence.cache.maxage as written (the core parses and clamps it). */
    static final int FIELD_CACHE_MAX_AGE = FIELD_PARAMETER_COUNT + 13;
    /** Snapshot: plugin.presence.cors.origins as written (the core parses and checks it). */
    static final int FIELD_CORS_ORIGINS = FIELD_PARAMETER_COUNT + 14;
    /** Number of packed fields. */
    static final int FIELD_COUNT = FIELD_PARAMETER_COUNT + 15;

    /** Bytes of one field length in the packed header. */
    static final int PACKED_LENGTH_BYTES = 4;
    /** The length of an absent field. */
    static final int PACKED_ABSENT = -1;
    /** Bytes of the packed header: one length per field. */
    static final int HEADER_BYTES = PACKED_LENGTH_BYTES * FIELD_COUNT;

    // ---- flags ----
    /** "jid" parsed as a JID. */
    static final int FLAG_JID_VALID = 1;
    /** It has a node ("user@"). */
    static final int FLAG_JID_HAS_NODE = 1 << 1;
    /** Where the jid's domain kind (a DOMAIN_ code) starts, and its mask after shifting. */
    static final int FLAG_DOMAIN_SHIFT = 2;
    static final int FLAG_DOMAIN_MASK = 3;
    /** The user exists, or the component answered. */
    static final int FLAG_SUBJECT_EXISTS = 1 << 4;
    /** plugin.presence.public. */
    static final int FLAG_PRESENCE_PUBLIC = 1 << 5;
    /** "req_jid" parsed as a JID. */
    static final int FLAG_REQUESTER_VALID = 1 << 6;
    /** PresenceManager.canProbePresence(requester, user). */
    static final int FLAG_REQUESTER_MAY_PROBE = 1 << 7;
    /** An available session exists. */
    static final int FLAG_AVAILABLE = 1 << 8;
    /** Where its show code (a SHOW_ code) starts, and its mask after shifting. */
    static final int FLAG_SHOW_SHIFT = 9;
    static final int FLAG_SHOW_MASK = 7;
    /** plugin.presence.requester is "signed": req_jid counts only with a signature the core accepts. */
    static final int FLAG_REQUESTER_SIGNED_ONLY = 1 << 12;
    /** Where the KEY_ code of the secret whose HMAC equals "sig" starts, and its mask after shifting. */
    static final int FLAG_SIGNATURE_KEY_SHIFT = 13;
    static final int FLAG_SIGNATURE_KEY_MASK = 3;
    /** Where the subject's VISIBILITY_ code starts, and its mask after shifting. */
    static final int FLAG_VISIBILITY_SHIFT = 15;
    static final int FLAG_VISIBILITY_MASK = 7;
    /** Where the subject's SHOWN_ code starts, and its mask after shifting. */
    static final int FLAG_SHOWN_SHIFT = 18;
    static final int FLAG_SHOWN_MASK = 3;
    /** The method is OPTIONS: the core answers the preflight. */
    static final int FLAG_PREFLIGHT = 1 << 20;

    /** Domain kinds: not this server's; this server's domain (a user); a sub-domain it serves. A
     * code out of range is read as foreign. */
    static final int DOMAIN_FOREIGN = 0;
    static final int DOMAIN_LOCAL = 1;
    static final int DOMAIN_COMPONENT = 2;

    /** Show codes: no show (plain available), chat, away, xa, dnd. A code out of range is read as none. */
    static final int SHOW_NONE = 0;
    static final int SHOW_CHAT = 1;
    static final int SHOW_AWAY = 2;
    static final int SHOW_XA = 3;
    static final int SHOW_DND = 4;

    /** Key codes: no HMAC equals sig (or none was computed); the current secret's; the previous one's.
     * A code out of range is read as none. */
    static final int KEY_NONE = 0;
    static final int KEY_CURRENT = 1;
    static final int KEY_PREVIOUS = 2;

    /** Visibility codes (UserWebPresence.Visibility). A code out of range is read as hidden. */
    static final int VISIBILITY_DEFAULT = 0;
    static final int VISIBILITY_PUBLIC = 1;
    static final int VISIBILITY_CONTACTS = 2;
    static final int VISIBILITY_LINK = 3;
    static final int VISIBILITY_HIDDEN = 4;

    /** Shown codes (UserWebPresence.Shown). A code out of range is read as status. */
    static final int SHOWN_DEFAULT = 0;
    static final int SHOWN_STATUS = 1;
    static final int SHOWN_MESSAGE = 2;

    // ---- signed requests (presence.h holds the same values; the native build checks they agree) ----
    /** How far ahead expires may be: a signature valid for longer is refused. */
    static final int SIGNATURE_MAX_LIFETIME_SECONDS = 24 * 60 * 60;
    /** How long the previous secret stays valid after a rotation. */
    static final int KEY_ROTATION_GRACE_SECONDS = 24 * 60 * 60;
    /** At most this many decimal digits in expires. */
    static final int EXPIRES_MAX_DIGITS = 12;
    // ---- limits the shim applies before handing facts over (presence.h holds the same values;
    // the native build checks they agree) ----
    /** presence.h PRESENCE_MAX_JID: a longer jid/req_jid is refused by the core before any fact
     * matters, so the shim does not hand it to Openfire's JID parser and caches. */
    static final int MAX_JID_BYTES = 3071;
    /** presence.h PRESENCE_MAX_AVATAR: the core serves no larger photo, so a larger one is not decoded. */
    static final int MAX_AVATAR_BYTES = 65536;

    // ---- several jid parameters (resolveBatch) ----
    /** At most this many jid parameters are answered together (presence.h PRESENCE_BATCH_MAX_JIDS);
     * the shim packs at most one more, so that the core sees the excess and answers 400. */
    static final int BATCH_MAX_JIDS = 100;
    /** Bytes before each entry of a batch: flags, priority, the entry's packed length (big-endian i32). */
    static final int BATCH_ENTRY_HEADER_BYTES = 12;

    // ---- the answer ----
    /** Bytes of the HTTP status. */
    static final int ANSWER_STATUS_BYTES = 2;
    /** Bytes of the header count. */
    static final int ANSWER_COUNT_BYTES = 1;
    /** Bytes of the length before each header name, header value and the log message. */
    static final int ANSWER_LENGTH_BYTES = 2;

    private PresenceCore() {
    }

    /** Loads the native library from an absolute path; throws UnsatisfiedLinkError on failure. */
    static void load(String absolutePath) {
        System.load(absolutePath);
    }

    /**
     * Packs the fields (FIELD_COUNT entries, UTF-8, null = absent) into resolve's one byte[]:
     * FIELD_COUNT big-endian i32 lengths (PACKED_ABSENT = absent), then the present fields' bytes
     * in order. Throws IllegalArgumentException for a wrong number of fields, ArithmeticException
     * when the total exceeds a Java array.
     */
    static byte[] pack(byte[][] fields) {
        byte[] packed = new byte[packedLength(fields)];
        packInto(fields, packed, 0);
        return packed;
    }

    /** The length of pack(fields). Throws IllegalArgumentException when fields is not
     * FIELD_COUNT long, ArithmeticException when the total exceeds a Java array. */
    private static int packedLength(byte[][] fields) {
        if (fields.length != FIELD_COUNT) {
            throw new IllegalArgumentException("expected " + FIELD_COUNT + " fields, got " + fields.length);
        }
        int total = HEADER_BYTES;
        for (byte[] field : fields) {
            if (field != null) {
                total = Math.addExact(total, field.length);
            }
        }
        return total;
    }

    /** Writes pack(fields) into out from at (packedLength(fields) bytes); returns the end. */
    private static int packInto(byte[][] fields, byte[] out, int at) {
        int data = at + HEADER_BYTES;
        for (int i = 0; i < FIELD_COUNT; i++) {
            byte[] field = fields[i];
            putInt(out, at + PACKED_LENGTH_BYTES * i, field == null ? PACKED_ABSENT : field.length);
            if (field != null) {
                System.arraycopy(field, 0, out, data, field.length);
                data += field.length;
            }
        }
        return data;
    }

    private static void putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    /**
     * Resolves one request: the fields packed by {@link #pack}, flags and priority as laid out
     * above. Returns the encoded answer (see {@link CoreAnswer}), or null when the packing is
     * malformed (null, a length below PACKED_ABSENT, lengths that do not add up to exactly the
     * array's size) or the native side ran out of memory.
     */
    static native byte[] resolve(byte[] packed, int flags, int priority);

    /**
     * Resolves several jid parameters of one request together (presence.h presence_resolve_batch):
     * entries is, per jid in the order given, BATCH_ENTRY_HEADER_BYTES (flags, priority, length n,
     * big-endian i32) then n bytes as {@link #pack} packs them; see {@link #packBatch}. At least one
     * and at most BATCH_MAX_JIDS + 1 entries. Returns the encoded answer, or null when the entries
     * are malformed or the native side ran out of memory.
     */
    static native byte[] resolveBatch(byte[] entries);

    /** The entries of resolveBatch: pack(fields[i]) with flags[i] and priorities[i], written
     * straight into the one array. Throws ArithmeticException when the total exceeds a Java array. */
    static byte[] packBatch(byte[][][] fields, int[] flags, int[] priorities) {
        int[] lengths = new int[fields.length];
        int total = 0;
        for (int i = 0; i < fields.length; i++) {
            lengths[i] = packedLength(fields[i]);
            total = Math.addExact(total, Math.addExact(BATCH_ENTRY_HEADER_BYTES, lengths[i]));
        }
        byte[] entries = new byte[total];
        int at = 0;
        for (int i = 0; i < fields.length; i++) {
            putInt(entries, at, flags[i]);
            putInt(entries, at + 4, priorities[i]);
            putInt(entries, at + 8, lengths[i]);
            at = packInto(fields[i], entries, at + BATCH_ENTRY_HEADER_BYTES);
        }
        return entries;
    }

    /** resolve(pack(fields), flags, priority). */
    static byte[] resolveFields(byte[][] fields, int flags, int priority) {
        return resolve(pack(fields), flags, priority);
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The core's answer decoded from the answer format PresenceCore defines (its ANSWER_ constants):
 * status, header count N, N x (length, name, length, value), length, log message, body.
 */
final class CoreAnswer {
    private final int status;
    private final List<Header> headers;
    private final String logMessage;
    private final byte[] body;
    private final int bodyOffset;

    /** One response header, name and value as the core produced them (ASCII); equal by both. */
    static final class Header {
        private final String name;
        private final String value;

        Header(String name, String value) {
            this.name = name;
            this.value = value;
        }

        String name() {
            return name;
        }

        String value() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Header && Objects.equals(name, ((Header) other).name)
                    && Objects.equals(value, ((Header) other).value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, value);
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /** An answer; body is kept, not copied (the body is body[bodyOffset..]). */
    CoreAnswer(int status, List<Header> headers, String logMessage, byte[] body, int bodyOffset) {
        this.status = status;
        this.headers = headers;
        this.logMessage = logMessage;
        this.body = body;
        this.bodyOffset = bodyOffset;
    }

    /** The HTTP status. */
    int status() {
        return status;
    }

    /** The headers in the core's order (unmodifiable after decode). */
    List<Header> headers() {
        return headers;
    }

    /** The log message; empty when there is none. */
    String logMessage() {
        return logMessage;
    }

    /** The whole encoded answer; the body starts at bodyOffset. */
    byte[] body() {
        return body;
    }

    /** Where the body starts in body(). */
    int bodyOffset() {
        return bodyOffset;
    }

    /** Number of body bytes (from bodyOffset to the end of body). */
    int bodyLength() {
        return body.length - bodyOffset;
    }

    /** Decodes an answer; throws IllegalArgumentException when the bytes are malformed. */
    static CoreAnswer decode(byte[] encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("no answer from the native core (malformed call or out of memory)");
        }
        try {
            int at = 0;
            int status = unsigned(encoded, at, PresenceCore.ANSWER_STATUS_BYTES);
            at += PresenceCore.ANSWER_STATUS_BYTES;
            int count = unsigned(encoded, at, PresenceCore.ANSWER_COUNT_BYTES);
            at += PresenceCore.ANSWER_COUNT_BYTES;
            Header[] headers = new Header[count];
            for (int i = 0; i < count; i++) {
                int nameLength = unsigned(encoded, at, PresenceCore.ANSWER_LENGTH_BYTES);
                int valueAt = at + PresenceCore.ANSWER_LENGTH_BYTES + nameLength;
                int end = valueAt + PresenceCore.ANSWER_LENGTH_BYTES + unsigned(encoded, valueAt, PresenceCore.ANSWER_LENGTH_BYTES);
                headers[i] = RecentHeaders.header(encoded, at, valueAt, end);
                at = end;
            }
            int logLength = unsigned(encoded, at, PresenceCore.ANSWER_LENGTH_BYTES);
            at += PresenceCore.ANSWER_LENGTH_BYTES;
            String log = logLength == 0 ? "" : text(encoded, at, logLength);
            at += logLength;
            if (at > encoded.length) {
                throw new IllegalArgumentException("truncated answer from the native core");
            }
            return new CoreAnswer(status, Collections.unmodifiableList(Arrays.asList(headers)), log, encoded, at);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated answer from the native core", e);
        }
    }

    /** The big-endian unsigned integer of width bytes (1..3) at in[at]; ArrayIndexOutOfBoundsException
     * when truncated. */
    private static int unsigned(byte[] in, int at, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            value = value << 8 | (in[at + i] & 0xFF);
        }
        return value;
    }

    /** length UTF-8 bytes at in[at] as text; ArrayIndexOutOfBoundsException when truncated. */
    private static String text(byte[] in, int at, int length) {
        if (at + length > in.length) {
            throw new ArrayIndexOutOfBoundsException(at + length);
        }
        return new String(in, at, length, StandardCharsets.UTF_8);
    }

    /**
     * The headers of recent answers by their encoded bytes. The headers of answers repeat (the
     * same Content-Type, policy and CORS values on every answer, the same ETag while the answer
     * stays the same), so decoding them makes no new objects once seen. A fixed table of SLOTS
     * entries, an entry replaced by whichever header next falls in its slot: memory is bounded
     * whatever the answers hold. Threads share it without locks, safely: an entry is immutable
     * and a reader compares its bytes before using it.
     */
    private static final class RecentHeaders {
        private static final int SLOTS = 256;
        /** Headers larger than this are decoded each time (long values do not repeat enough). */
        private static final int MAX_CACHED_BYTES = 512;
        private static final Entry[] ENTRIES = new Entry[SLOTS];

        private static final class Entry {
            final byte[] encoded;
            final Header header;

            Entry(byte[] encoded, Header header) {
                this.encoded = encoded;
                this.header = header;
            }
        }

        /** The header encoded in in[start..end): name length and name, then value length and
         * value (at valueAt); ArrayIndexOutOfBoundsException when truncated. */
        static Header header(byte[] in, int start, int valueAt, int end) {
            if (end > in.length) {
                throw new ArrayIndexOutOfBoundsException(end);
            }
            int length = end - start;
            if (length > MAX_CACHED_BYTES) {
                return decode(in, start, valueAt, end);
            }
            int hash = 1;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + in[i];
            }
            int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
            Entry entry = ENTRIES[slot];
            if (entry != null && sameBytes(entry.encoded, in, start, length)) {
                return entry.header;
            }
            Header header = decode(in, start, valueAt, end);
            byte[] encoded = new byte[length];
            System.arraycopy(in, start, encoded, 0, length);
            ENTRIES[slot] = new Entry(encoded, header);
            return header;
        }

        private static Header decode(byte[] in, int start, int valueAt, int end) {
            int nameAt = start + PresenceCore.ANSWER_LENGTH_BYTES;
            int textAt = valueAt + PresenceCore.ANSWER_LENGTH_BYTES;
            return new Header(text(in, nameAt, valueAt - nameAt), text(in, textAt, end - textAt));
        }

        private static boolean sameBytes(byte[] cached, byte[] in, int start, int length) {
            if (cached.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (cached[i] != in[start + i]) {
                    return false;
                }
            }
            return true;
        }
    }
}

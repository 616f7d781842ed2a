package org.jivesoftware.openfire.plugin.presence;

import java.nio.ByteBuffer;
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
            int bodyOffset = headLength(encoded);
            Head head = RecentHeads.head(encoded, bodyOffset);
            return new CoreAnswer(head.status, head.headers, head.logMessage, encoded, bodyOffset);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated answer from the native core", e);
        }
    }

    /** Where the body starts: the length of the status, the headers and the log message;
     * ArrayIndexOutOfBoundsException when they are truncated. */
    private static int headLength(byte[] encoded) {
        int at = PresenceCore.ANSWER_STATUS_BYTES;
        int count = unsigned(encoded, at, PresenceCore.ANSWER_COUNT_BYTES);
        at += PresenceCore.ANSWER_COUNT_BYTES;
        for (int text = 0; text < 2 * count + 1; text++) {  // each header's name and value, then the log
            at += PresenceCore.ANSWER_LENGTH_BYTES + unsigned(encoded, at, PresenceCore.ANSWER_LENGTH_BYTES);
        }
        if (at > encoded.length) {
            throw new ArrayIndexOutOfBoundsException(at);
        }
        return at;
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

    /** The status, headers and log message decoded from an answer's first bytes. */
    private static final class Head {
        final int status;
        final List<Header> headers;
        final String logMessage;

        /** Decodes the head at the start of in, which headLength has measured. */
        Head(byte[] in) {
            status = unsigned(in, 0, PresenceCore.ANSWER_STATUS_BYTES);
            int at = PresenceCore.ANSWER_STATUS_BYTES;
            Header[] decoded = new Header[unsigned(in, at, PresenceCore.ANSWER_COUNT_BYTES)];
            at += PresenceCore.ANSWER_COUNT_BYTES;
            for (int i = 0; i < decoded.length; i++) {
                String name = text(in, at);
                at += PresenceCore.ANSWER_LENGTH_BYTES + unsigned(in, at, PresenceCore.ANSWER_LENGTH_BYTES);
                String value = text(in, at);
                at += PresenceCore.ANSWER_LENGTH_BYTES + unsigned(in, at, PresenceCore.ANSWER_LENGTH_BYTES);
                decoded[i] = new Header(name, value);
            }
            headers = Collections.unmodifiableList(Arrays.asList(decoded));
            logMessage = text(in, at);
        }

        /** The text whose length is at in[at], its UTF-8 bytes after it. */
        private static String text(byte[] in, int at) {
            int length = unsigned(in, at, PresenceCore.ANSWER_LENGTH_BYTES);
            return length == 0 ? "" : new String(in, at + PresenceCore.ANSWER_LENGTH_BYTES, length, StandardCharsets.UTF_8);
        }
    }

    /**
     * The heads (status, headers, log message) of recent answers by their encoded bytes. Answers
     * repeat their heads (the same Content-Type, policy and CORS values, the same ETag while the
     * answer stays the same), so decoding one makes no new objects once seen. A fixed table of
     * SLOTS entries, an entry replaced by whichever head next falls in its slot: memory is
     * bounded whatever the answers hold. Threads share it without locks, safely: an entry is
     * immutable and a reader compares all its bytes before using it.
     */
    private static final class RecentHeads {
        private static final int SLOTS = 256;
        /** Heads larger than this are decoded each time (so the table holds at most SLOTS of them). */
        private static final int MAX_CACHED_BYTES = 1024;
        /** At most this many bytes, spread over the head, make its slot (the comparison reads all). */
        private static final int HASHED_BYTES = 32;
        private static final Entry[] ENTRIES = new Entry[SLOTS];

        private static final class Entry {
            final byte[] encoded;
            final Head head;

            Entry(byte[] encoded, Head head) {
                this.encoded = encoded;
                this.head = head;
            }
        }

        /** The head of in[0..length) (measured by headLength). */
        static Head head(byte[] in, int length) {
            if (length > MAX_CACHED_BYTES) {
                return new Head(in);
            }
            // the last bytes in full (where an ETag ends), the rest sampled at a stride
            int hash = length;
            int tail = Math.max(0, length - HASHED_BYTES / 2);
            int stride = Math.max(1, tail / (HASHED_BYTES / 2));
            for (int i = 0; i < tail; i += stride) {
                hash = 31 * hash + in[i];
            }
            for (int i = tail; i < length; i++) {
                hash = 31 * hash + in[i];
            }
            int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
            Entry entry = ENTRIES[slot];
            if (entry != null && ByteBuffer.wrap(entry.encoded).equals(ByteBuffer.wrap(in, 0, length))) {
                return entry.head;
            }
            Head head = new Head(in);
            byte[] encoded = new byte[length];
            System.arraycopy(in, 0, encoded, 0, length);
            ENTRIES[slot] = new Entry(encoded, head);
            return head;
        }
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            int status = unsigned(in, PresenceCore.ANSWER_STATUS_BYTES);
            int count = unsigned(in, PresenceCore.ANSWER_COUNT_BYTES);
            List<Header> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(new Header(text(in), text(in)));
            }
            String log = text(in);
            return new CoreAnswer(status, Collections.unmodifiableList(headers), log, encoded, in.position());
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated answer from the native core", e);
        }
    }

    /** A big-endian unsigned integer of width bytes (1..3); BufferUnderflowException when truncated. */
    private static int unsigned(ByteBuffer in, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            value = value << 8 | Byte.toUnsignedInt(in.get());
        }
        return value;
    }

    /** A length and that many UTF-8 bytes; BufferUnderflowException when truncated. */
    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[unsigned(in, PresenceCore.ANSWER_LENGTH_BYTES)];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

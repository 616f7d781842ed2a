package org.jivesoftware.openfire.plugin.presence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's answer decoded from the answer format PresenceCore defines (its ANSWER_ constants):
 * status, header count N, N x (length, name, length, value), length, log message, body.
 */
record CoreAnswer(int status, List<Header> headers, String logMessage, byte[] body, int bodyOffset) {

    /** One response header, name and value as the core produced them (ASCII). */
    record Header(String name, String value) {
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
            return new CoreAnswer(status, List.copyOf(headers), log, encoded, in.position());
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

package org.jivesoftware.openfire.plugin.presence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's answer decoded from the wire format of README ("The JNI boundary"):
 * u16 status, u8 N, N x (u16 length, name, u16 length, value), u16 length, log message, body.
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
            int status = Short.toUnsignedInt(in.getShort());
            int count = Byte.toUnsignedInt(in.get());
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

    /** A u16 length and that many UTF-8 bytes; BufferUnderflowException when truncated. */
    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

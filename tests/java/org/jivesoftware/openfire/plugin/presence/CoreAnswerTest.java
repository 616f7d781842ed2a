package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** The wire format of README's "The JNI boundary", decoded by CoreAnswer. */
public class CoreAnswerTest {

    private static void text(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static byte[] encoded(int status, List<String> headerNamesAndValues, String log, String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(status >> 8);
        out.write(status & 0xFF);
        out.write(headerNamesAndValues.size() / 2);
        headerNamesAndValues.forEach(part -> text(out, part));
        text(out, log);
        out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    public void decodesStatusHeadersLogAndBody() {
        CoreAnswer answer = CoreAnswer.decode(encoded(302,
                List.of("Location", "https://example.com/a.png", "Cache-Control", "no-cache"), "", ""));
        assertEquals(302, answer.status());
        assertEquals(List.of(new CoreAnswer.Header("Location", "https://example.com/a.png"),
                new CoreAnswer.Header("Cache-Control", "no-cache")), answer.headers());
        assertEquals("", answer.logMessage());
        assertEquals(0, answer.bodyLength());
    }

    @Test
    public void bodyIsEverythingAfterTheLogMessage() {
        CoreAnswer answer = CoreAnswer.decode(encoded(400, List.of("Content-Type", "text/plain; charset=UTF-8"),
                "bad type", "The type parameter must be image, text, xml or json."));
        assertEquals(400, answer.status());
        assertEquals("bad type", answer.logMessage());
        byte[] body = Arrays.copyOfRange(answer.body(), answer.bodyOffset(), answer.body().length);
        assertArrayEquals("The type parameter must be image, text, xml or json.".getBytes(StandardCharsets.UTF_8), body);
        assertEquals(body.length, answer.bodyLength());
    }

    @Test
    public void statusAndLengthsAreUnsigned() {
        String longValue = "v".repeat(40000);
        CoreAnswer answer = CoreAnswer.decode(encoded(65535, List.of("X", longValue), "", "b"));
        assertEquals(65535, answer.status());
        assertEquals(longValue, answer.headers().get(0).value());
        assertEquals(1, answer.bodyLength());
    }

    @Test
    public void malformedAnswersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoreAnswer.decode(null));
        assertThrows(IllegalArgumentException.class, () -> CoreAnswer.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CoreAnswer.decode(new byte[] {0, (byte) 200, 1, 0, 9, 'a'}));
        byte[] whole = encoded(200, List.of("Content-Type", "image/png"), "", "");
        assertThrows(IllegalArgumentException.class, () -> CoreAnswer.decode(Arrays.copyOf(whole, whole.length - 1)));
    }
}

package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
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

    @Test
    public void repeatedHeadsDecodeToTheSameObjectsAndDistinctOnesNeverMix() {
        // More distinct headers than the decoder remembers, so its slots are reused many times:
        // every decode must still give exactly the header that was encoded.
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3000; i++) {
                String value = "\"" + Integer.toHexString(i * 7919) + "\"";
                CoreAnswer answer = CoreAnswer.decode(encoded(200, List.of("ETag", value, "X-" + i % 7, "é" + i), "", "b"));
                assertEquals(new CoreAnswer.Header("ETag", value), answer.headers().get(0));
                assertEquals(new CoreAnswer.Header("X-" + i % 7, "é" + i), answer.headers().get(1));
            }
        }
        byte[] once = encoded(200, List.of("Content-Type", "image/png"), "", "");
        CoreAnswer first = CoreAnswer.decode(once);
        CoreAnswer again = CoreAnswer.decode(once.clone());
        assertSame("a head seen just before is not decoded again", first.headers().get(0), again.headers().get(0));
        String large = "w".repeat(1100);
        CoreAnswer big = CoreAnswer.decode(encoded(200, List.of("X-Large", large), "", ""));
        assertEquals(large, big.headers().get(0).value());
        assertNotSame("heads over the size bound are decoded each time", big.headers().get(0),
                CoreAnswer.decode(encoded(200, List.of("X-Large", large), "", "")).headers().get(0));
    }
}

package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.AVAILABLE;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.DOMAIN_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.JID_BARE;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.JID_HAS_NODE;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.JID_VALID;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.LAST_STATUS;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.SHOW_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.STANZA_XML;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.STATUS_TEXT;
import static org.jivesoftware.openfire.plugin.presence.StatusRequestFacts.SUBJECT_EXISTS;
import static org.jivesoftware.openfire.plugin.presence.TestNative.body;
import static org.jivesoftware.openfire.plugin.presence.TestNative.call;
import static org.jivesoftware.openfire.plugin.presence.TestNative.header;
import static org.jivesoftware.openfire.plugin.presence.TestNative.localUser;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/** The JNI glue (native/jni/presence_jni.c) end to end: packed fields and flags in, wire format out. */
public class PresenceCoreTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static void assertCommonHeaders(CoreAnswer answer) {
        assertEquals("no-cache", header(answer, "Cache-Control"));
        assertEquals("nosniff", header(answer, "X-Content-Type-Options"));
    }

    @Test
    public void nothingGivenIsTheForbiddenImage() {
        TestNative.require();
        CoreAnswer answer = CoreAnswer.decode(PresenceCore.resolve(PresenceCore.pack(new byte[PresenceCore.FIELD_COUNT][]), 0, 0));
        assertEquals(200, answer.status());
        assertEquals("image/png", header(answer, "Content-Type"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOfRange(answer.body(), answer.bodyOffset(), answer.bodyOffset() + 8));
        assertCommonHeaders(answer);
    }

    @Test
    public void showBitsSelectTheStatus() {
        String[] labels = {"Available", "Free to chat", "Away", "Extended away", "Do not disturb"};
        for (int show = 0; show < labels.length; show++) {
            CoreAnswer answer = localUser("alice@example.com").param("type", "text")
                .flags(AVAILABLE, show << SHOW_SHIFT).resolve();
            assertEquals(200, answer.status());
            assertEquals("show code " + show, labels[show], body(answer));
            assertTrue(header(answer, "Content-Type").startsWith("text/plain"));
            assertCommonHeaders(answer);
        }
    }

    @Test
    public void statusTextAndLastStatusReachTheCore() {
        assertEquals("Lunch", body(localUser("alice@example.com").param("type", "text")
            .flags(AVAILABLE, 2 << SHOW_SHIFT).set(STATUS_TEXT, "Lunch").resolve()));
        assertEquals("Gone home", body(localUser("ghost@example.com").param("type", "text")
            .set(LAST_STATUS, "Gone home").resolve()));
        assertEquals("Unavailable", body(localUser("olga@example.com").param("type", "text").resolve()));
        assertEquals("Back soon", body(localUser("olga@example.com").param("type", "text")
            .set(StatusRequestFacts.UNAVAILABLE_TEXT, "Back soon").resolve()));
    }

    @Test
    public void domainBitsDecideWhoIsAnswered() {
        TestNative.Call foreign = call().param("jid", "alice@other.org").param("type", "text")
            .set(JID_BARE, "alice@other.org").flags(JID_VALID, JID_HAS_NODE, SUBJECT_EXISTS, AVAILABLE,
                StatusRequestFacts.PRESENCE_PUBLIC);
        assertEquals("Forbidden", body(foreign.resolve()));
        TestNative.Call unknownDomainKind = call().param("jid", "alice@example.com").param("type", "text")
            .set(JID_BARE, "alice@example.com").flags(JID_VALID, JID_HAS_NODE, 3 << DOMAIN_SHIFT, SUBJECT_EXISTS,
                AVAILABLE, StatusRequestFacts.PRESENCE_PUBLIC);
        assertEquals("Forbidden", body(unknownDomainKind.resolve()));
        TestNative.Call component = call().param("jid", "weather.example.com").param("type", "text")
            .set(JID_BARE, "weather.example.com").set(STATUS_TEXT, "Sunny")
            .flags(JID_VALID, StatusRequestFacts.DOMAIN_COMPONENT << DOMAIN_SHIFT, SUBJECT_EXISTS, AVAILABLE);
        assertEquals("Sunny", body(component.resolve()));
    }

    @Test
    public void imagesTemplateRedirects() {
        CoreAnswer answer = localUser("alice@example.com").param("images", "https://img.example.com/--IMAGE--.png")
            .flags(AVAILABLE).resolve();
        assertEquals(302, answer.status());
        assertEquals("https://img.example.com/available.png", header(answer, "Location"));
        assertEquals(0, answer.bodyLength());
    }

    @Test
    public void oversizeRequestFieldIsA400WithoutCopying() {
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        TestNative.Call request = localUser("alice@example.com").param("type", "text");
        request.fields[0] = huge;
        CoreAnswer answer = request.resolve();
        assertEquals(400, answer.status());
        assertTrue(body(answer), body(answer).contains("jid"));
        assertTrue(header(answer, "Content-Type").startsWith("text/plain"));
        assertTrue("a 400 has a log line", !answer.logMessage().isEmpty());
    }

    /** Answers below and above the glue's 4 KiB stack buffer arrive whole. */
    @Test
    public void answersOfEverySizeArriveWhole() {
        for (int length : new int[] {1, 4000, 4096, 5000, 16384}) {
            String status = "é".repeat(length / 2) + "x".repeat(length % 2);
            CoreAnswer answer = localUser("alice@example.com").param("type", "text")
                .flags(AVAILABLE).set(STATUS_TEXT, status).resolve();
            assertEquals(200, answer.status());
            assertEquals("length " + length, status, body(answer));
        }
    }

    @Test
    public void oversizeSnapshotFieldIsA500() {
        byte[] stanza = ("<presence><status>" + "x".repeat(1024 * 1024) + "</status></presence>")
            .getBytes(StandardCharsets.UTF_8);
        TestNative.Call request = localUser("alice@example.com").param("type", "xml").flags(AVAILABLE);
        request.fields[STANZA_XML] = stanza;
        CoreAnswer answer = request.resolve();
        assertEquals(500, answer.status());
        assertTrue(header(answer, "Content-Type").startsWith("text/plain"));
    }

    /** The packing of README's "The JNI boundary", built by hand: 17 big-endian lengths, then the bytes. */
    private static byte[] handPacked(int[] lengths, byte[]... contents) {
        ByteBuffer packed = ByteBuffer.allocate(4 * lengths.length + Arrays.stream(contents).mapToInt(c -> c.length).sum());
        for (int length : lengths) {
            packed.putInt(length);
        }
        for (byte[] content : contents) {
            packed.put(content);
        }
        return packed.array();
    }

    private static int[] absentLengths() {
        int[] lengths = new int[PresenceCore.FIELD_COUNT];
        Arrays.fill(lengths, -1);
        return lengths;
    }

    @Test
    public void packLaysOutLengthsThenBytes() {
        byte[][] fields = new byte[PresenceCore.FIELD_COUNT][];
        fields[2] = "text".getBytes(StandardCharsets.US_ASCII);
        fields[13] = new byte[0];
        fields[16] = "é".getBytes(StandardCharsets.UTF_8);
        int[] lengths = absentLengths();
        lengths[2] = 4;
        lengths[13] = 0;
        lengths[16] = 2;
        assertArrayEquals(handPacked(lengths, fields[2], fields[16]), PresenceCore.pack(fields));
        assertThrows(IllegalArgumentException.class, () -> PresenceCore.pack(new byte[3][]));
        assertThrows(IllegalArgumentException.class, () -> PresenceCore.pack(new byte[PresenceCore.FIELD_COUNT + 1][]));
    }

    @Test
    public void handPackedFieldsReachTheCoreInOrder() {
        TestNative.require();
        byte[] jid = "alice@example.com".getBytes(StandardCharsets.US_ASCII);
        int[] lengths = absentLengths();
        lengths[0] = jid.length;
        lengths[2] = 4;
        lengths[JID_BARE] = jid.length;
        lengths[STATUS_TEXT] = 5;
        byte[] packed = handPacked(lengths, jid, "text".getBytes(StandardCharsets.US_ASCII), jid,
            "Lunch".getBytes(StandardCharsets.US_ASCII));
        int flags = JID_VALID | JID_HAS_NODE | SUBJECT_EXISTS | AVAILABLE
            | StatusRequestFacts.PRESENCE_PUBLIC | StatusRequestFacts.DOMAIN_LOCAL << DOMAIN_SHIFT;
        assertEquals("Lunch", body(CoreAnswer.decode(PresenceCore.resolve(packed, flags, 0))));
        assertEquals("Forbidden", body(CoreAnswer.decode(PresenceCore.resolve(packed, -1 & ~0x1FF, 7))));
        assertEquals(200, CoreAnswer.decode(PresenceCore.resolve(packed, -1, Integer.MIN_VALUE)).status());
    }

    @Test
    public void malformedPackingIsNullWithoutACrash() {
        TestNative.require();
        byte[] text = "text".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(null);
        malformed.add(new byte[0]);
        malformed.add(new byte[4 * PresenceCore.FIELD_COUNT - 1]);               // header cut short
        for (int badLength : new int[] {-2, Integer.MIN_VALUE, 5, 1 << 20, Integer.MAX_VALUE}) {
            int[] lengths = absentLengths();
            lengths[2] = badLength;                                              // negative or past the end
            malformed.add(handPacked(lengths, text));
        }
        int[] overflowing = absentLengths();
        overflowing[0] = Integer.MAX_VALUE;
        overflowing[1] = Integer.MAX_VALUE;
        overflowing[2] = 4;                                                      // a sum that would wrap
        malformed.add(handPacked(overflowing, text));
        int[] trailing = absentLengths();
        trailing[2] = 3;                                                           // a trailing byte left over
        malformed.add(handPacked(trailing, text));
        int[] allZero = new int[PresenceCore.FIELD_COUNT];
        malformed.add(handPacked(allZero, text));                                // lengths add up to less
        for (byte[] packed : malformed) {
            String what = packed == null ? "null" : Arrays.toString(Arrays.copyOf(packed, Math.min(packed.length, 12)));
            assertNull("malformed packing " + what, PresenceCore.resolve(packed, -1, 0));
        }
        int[] wellFormed = absentLengths();
        wellFormed[2] = 4;
        assertEquals("Forbidden", body(CoreAnswer.decode(PresenceCore.resolve(handPacked(wellFormed, text), 0, 0))));
    }

    @Test
    public void concurrentCallsAllAnswerCorrectly() throws Exception {
        TestNative.require();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                String status = "Status " + thread;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        CoreAnswer answer = localUser("alice@example.com").param("type", "text")
                            .flags(AVAILABLE).set(STATUS_TEXT, status + " " + i).resolve();
                        if (!body(answer).equals(status + " " + i)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertNotNull(result.get());
                assertTrue("a concurrent answer was wrong", result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

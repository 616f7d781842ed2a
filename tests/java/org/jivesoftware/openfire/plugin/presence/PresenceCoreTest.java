package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_JID_BARE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_LAST_STATUS;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STANZA_XML;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FIELD_STATUS_TEXT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_AVAILABLE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_DOMAIN_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_HAS_NODE;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_JID_VALID;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SHOW_SHIFT;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SUBJECT_EXISTS;
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
                .flags(FLAG_AVAILABLE, show << FLAG_SHOW_SHIFT).resolve();
            assertEquals(200, answer.status());
            assertEquals("show code " + show, labels[show], body(answer));
            assertTrue(header(answer, "Content-Type").startsWith("text/plain"));
            assertCommonHeaders(answer);
        }
    }

    @Test
    public void statusTextAndLastStatusReachTheCore() {
        assertEquals("Lunch", body(localUser("alice@example.com").param("type", "text")
            .flags(FLAG_AVAILABLE, 2 << FLAG_SHOW_SHIFT).set(FIELD_STATUS_TEXT, "Lunch").resolve()));
        assertEquals("Gone home", body(localUser("ghost@example.com").param("type", "text")
            .set(FIELD_LAST_STATUS, "Gone home").resolve()));
        assertEquals("Unavailable", body(localUser("olga@example.com").param("type", "text").resolve()));
        assertEquals("Back soon", body(localUser("olga@example.com").param("type", "text")
            .set(PresenceCore.FIELD_UNAVAILABLE_TEXT, "Back soon").resolve()));
    }

    @Test
    public void domainBitsDecideWhoIsAnswered() {
        TestNative.Call foreign = call().param("jid", "alice@other.org").param("type", "text")
            .set(FIELD_JID_BARE, "alice@other.org").flags(FLAG_JID_VALID, FLAG_JID_HAS_NODE, FLAG_SUBJECT_EXISTS, FLAG_AVAILABLE,
                PresenceCore.FLAG_PRESENCE_PUBLIC);
        assertEquals("Forbidden", body(foreign.resolve()));
        TestNative.Call unknownDomainKind = call().param("jid", "alice@example.com").param("type", "text")
            .set(FIELD_JID_BARE, "alice@example.com").flags(FLAG_JID_VALID, FLAG_JID_HAS_NODE, 3 << FLAG_DOMAIN_SHIFT, FLAG_SUBJECT_EXISTS,
                FLAG_AVAILABLE, PresenceCore.FLAG_PRESENCE_PUBLIC);
        assertEquals("Forbidden", body(unknownDomainKind.resolve()));
        TestNative.Call component = call().param("jid", "weather.example.com").param("type", "text")
            .set(FIELD_JID_BARE, "weather.example.com").set(FIELD_STATUS_TEXT, "Sunny")
            .flags(FLAG_JID_VALID, PresenceCore.DOMAIN_COMPONENT << FLAG_DOMAIN_SHIFT, FLAG_SUBJECT_EXISTS, FLAG_AVAILABLE);
        assertEquals("Sunny", body(component.resolve()));
    }

    @Test
    public void imagesTemplateRedirects() {
        CoreAnswer answer = localUser("alice@example.com").param("images", "https://img.example.com/--IMAGE--.png")
            .flags(FLAG_AVAILABLE).resolve();
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

    /** Answers below, at and above the glue's 4 KiB stack buffer arrive whole. */
    @Test
    public void answersOfEverySizeArriveWhole() {
        for (int length : new int[] {1, 4000, 4050, 4096, 5000, 16384}) {
            String status = "é".repeat(length / 2) + "x".repeat(length % 2);
            CoreAnswer answer = localUser("alice@example.com").param("type", "text")
                .flags(FLAG_AVAILABLE).set(FIELD_STATUS_TEXT, status).resolve();
            assertEquals(200, answer.status());
            assertEquals("length " + length, status, body(answer));
        }
    }

    /** Requests below, at and above the glue's 8 KiB stack copy reach the core whole. */
    @Test
    public void requestsOfEverySizeReachTheCore() {
        TestNative.Call base = localUser("alice@example.com").param("type", "text").flags(FLAG_AVAILABLE);
        int overhead = PresenceCore.pack(base.fields).length;
        for (int packedSize : new int[] {8191, 8192, 8193, 16000}) {
            String status = "s".repeat(packedSize - overhead - 1) + "!";
            TestNative.Call request = localUser("alice@example.com").param("type", "text")
                .flags(FLAG_AVAILABLE).set(FIELD_STATUS_TEXT, status);
            assertEquals(packedSize, PresenceCore.pack(request.fields).length);
            String body = body(request.resolve());
            assertTrue("packed size " + packedSize + ": body of " + body.length() + " chars, "
                + body.substring(0, Math.min(60, body.length())), status.equals(body));
        }
    }

    /** A redirect whose head (a percent-encoded Location) is over the 4 KiB stack buffer arrives whole. */
    @Test
    public void largeHeadsArriveWhole() {
        String url = "https://img.example.com/" + "\u00e9".repeat(1000);
        CoreAnswer answer = localUser("alice@example.com").param("available", url).flags(FLAG_AVAILABLE).resolve();
        assertEquals(302, answer.status());
        String location = header(answer, "Location");
        assertEquals("https://img.example.com/" + "%C3%A9".repeat(1000), location);
        assertTrue("the head is over 4 KiB", answer.bodyOffset() > 4096);
        assertEquals(0, answer.bodyLength());
    }

    /** Every per-status URL field is the one of its status name, in presence.h's order. */
    @Test
    public void perStatusUrlFieldsFollowTheStatusOrder() {
        String[] shows = {"available", "chat", "away", "xa", "dnd"};
        for (int show = 0; show < shows.length; show++) {
            TestNative.Call request = localUser("alice@example.com").flags(FLAG_AVAILABLE, show << FLAG_SHOW_SHIFT);
            for (int s = 0; s < PresenceCore.STATUS_COUNT; s++) {
                request.fields[PresenceCore.FIELD_STATUS_URL_FIRST + s] = ("/field-" + s).getBytes(StandardCharsets.US_ASCII);
            }
            assertEquals(shows[show], "/field-" + show, header(request.resolve(), "Location"));
        }
        TestNative.Call offline = localUser("alice@example.com");
        TestNative.Call forbidden = call().param("jid", "nobody");
        for (TestNative.Call request : List.of(offline, forbidden)) {
            for (int s = 0; s < PresenceCore.STATUS_COUNT; s++) {
                request.fields[PresenceCore.FIELD_STATUS_URL_FIRST + s] = ("/field-" + s).getBytes(StandardCharsets.US_ASCII);
            }
        }
        assertEquals("/field-5", header(offline.resolve(), "Location"));
        assertEquals("/field-6", header(forbidden.resolve(), "Location"));
    }

    /** StatusRequestFacts.PARAMETERS names the request-parameter fields in PresenceCore's order. */
    @Test
    public void parameterNamesMatchTheFieldConstants() {
        List<String> names = StatusRequestFacts.PARAMETERS;
        assertEquals(PresenceCore.FIELD_PARAMETER_COUNT, names.size());
        assertEquals(PresenceCore.FIELD_JID, names.indexOf("jid"));
        assertEquals(PresenceCore.FIELD_REQ_JID, names.indexOf("req_jid"));
        assertEquals(PresenceCore.FIELD_TYPE, names.indexOf("type"));
        assertEquals(PresenceCore.FIELD_IMAGES, names.indexOf("images"));
        List<String> statusNames = List.of("available", "chat", "away", "xa", "dnd", "offline", "forbidden");
        assertEquals(PresenceCore.STATUS_COUNT, statusNames.size());
        for (int s = 0; s < statusNames.size(); s++) {
            assertEquals(statusNames.get(s), names.get(PresenceCore.FIELD_STATUS_URL_FIRST + s));
        }
        assertEquals(PresenceCore.HEADER_BYTES, PresenceCore.pack(new byte[PresenceCore.FIELD_COUNT][]).length);
    }

    @Test
    public void oversizeSnapshotFieldIsA500() {
        byte[] stanza = ("<presence><status>" + "x".repeat(1024 * 1024) + "</status></presence>")
            .getBytes(StandardCharsets.UTF_8);
        TestNative.Call request = localUser("alice@example.com").param("type", "xml").flags(FLAG_AVAILABLE);
        request.fields[FIELD_STANZA_XML] = stanza;
        CoreAnswer answer = request.resolve();
        assertEquals(500, answer.status());
        assertTrue(header(answer, "Content-Type").startsWith("text/plain"));
    }

    /** The packing PresenceCore defines, built by hand: FIELD_COUNT big-endian i32 lengths, then the bytes. */
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
        lengths[FIELD_JID_BARE] = jid.length;
        lengths[FIELD_STATUS_TEXT] = 5;
        byte[] packed = handPacked(lengths, jid, "text".getBytes(StandardCharsets.US_ASCII), jid,
            "Lunch".getBytes(StandardCharsets.US_ASCII));
        int flags = FLAG_JID_VALID | FLAG_JID_HAS_NODE | FLAG_SUBJECT_EXISTS | FLAG_AVAILABLE
            | PresenceCore.FLAG_PRESENCE_PUBLIC | PresenceCore.DOMAIN_LOCAL << FLAG_DOMAIN_SHIFT;
        assertEquals("Lunch", body(CoreAnswer.decode(PresenceCore.resolve(packed, flags, 0))));
        int noPreflight = ~PresenceCore.FLAG_PREFLIGHT;
        assertEquals("Forbidden", body(CoreAnswer.decode(PresenceCore.resolve(packed, -1 & ~0x1FF & noPreflight, 7))));
        assertEquals(200, CoreAnswer.decode(PresenceCore.resolve(packed, -1 & noPreflight, Integer.MIN_VALUE)).status());
        CoreAnswer preflight = CoreAnswer.decode(PresenceCore.resolve(packed, flags | PresenceCore.FLAG_PREFLIGHT, 0));
        assertEquals(200, preflight.status());
        assertEquals("", body(preflight));
        assertTrue(preflight.headers().contains(new CoreAnswer.Header("Access-Control-Allow-Methods",
                PresenceStatusServlet.ALLOWED_METHODS)));
    }

    @Test
    public void batchEntriesArePackedAsDocumented() {
        byte[][] a = new byte[PresenceCore.FIELD_COUNT][];
        a[PresenceCore.FIELD_JID] = new byte[] {1, 2};
        byte[][] b = new byte[PresenceCore.FIELD_COUNT][];
        byte[] packedA = PresenceCore.pack(a);
        byte[] packedB = PresenceCore.pack(b);
        byte[] entries = PresenceCore.packBatch(new byte[][][] {a, b}, new int[] {0x01020304, -1}, new int[] {7, -2});
        ByteBuffer expected = ByteBuffer.allocate(2 * PresenceCore.BATCH_ENTRY_HEADER_BYTES + packedA.length + packedB.length);
        expected.put(new byte[] {1, 2, 3, 4, 0, 0, 0, 7}).putInt(packedA.length).put(packedA);
        expected.put(new byte[] {-1, -1, -1, -1, -1, -1, -1, -2}).putInt(packedB.length).put(packedB);
        assertArrayEquals(expected.array(), entries);
    }

    @Test
    public void batchesReachTheCore() {
        TestNative.require();
        byte[][] fields = new byte[PresenceCore.FIELD_COUNT][];
        fields[PresenceCore.FIELD_TYPE] = "json".getBytes(StandardCharsets.US_ASCII);
        fields[PresenceCore.FIELD_JID] = "a@x".getBytes(StandardCharsets.US_ASCII);
        byte[][] second = fields.clone();
        second[PresenceCore.FIELD_JID] = "b@x".getBytes(StandardCharsets.US_ASCII);
        CoreAnswer answer = CoreAnswer.decode(PresenceCore.resolveBatch(
                PresenceCore.packBatch(new byte[][][] {fields, second}, new int[2], new int[2])));
        assertEquals(200, answer.status());
        assertEquals("{\"a@x\":{\"status\":\"forbidden\"},\"b@x\":{\"status\":\"forbidden\"}}", body(answer));
        assertNull("a malformed batch", PresenceCore.resolveBatch(new byte[] {0, 0, 0}));
        assertNull(PresenceCore.resolveBatch(new byte[0]));
        assertNull(PresenceCore.resolveBatch(null));
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
                            .flags(FLAG_AVAILABLE).set(FIELD_STATUS_TEXT, status + " " + i).resolve();
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

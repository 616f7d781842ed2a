package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_SIGNED_ONLY;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_VERIFIED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.jivesoftware.util.JiveGlobals;
import org.junit.Before;
import org.junit.Test;

/**
 * RequestSignature (signing and verifying) and the secret's life in PresenceSettings. The
 * known-answer signatures were computed with openssl, as README's shell snippet does:
 * printf 'presence-v1\n%s\n%s\n%s' JID REQ_JID EXPIRES | openssl dgst -sha256 -hmac SECRET -binary
 * | openssl base64 -A | tr '+/' '-_' | tr -d '='
 */
public class RequestSignatureTest {
    private static final String SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private static final String OTHER_SECRET = "other-secret-ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final String JID = "alice@example.com";
    private static final String REQ = "bob@example.com";
    private static final String EXPIRES = "1893456000";
    private static final String SIG = "M9Rwotq5v0vrj4kQ7oL0hAsPqJI0jIf6XdK1F0HsTHg";
    private static final long NOW = 1893456000L - 3600;
    private static final RequestSignature.Keys KEYS = new RequestSignature.Keys(SECRET, null, 0);

    @Before
    public void installDirectory() {
        TestDirectory.install();
    }

    @Test
    public void signaturesMatchOpensslsKnownAnswers() {
        assertEquals(SIG, RequestSignature.sign(SECRET, JID, REQ, EXPIRES));
        assertEquals("7PaDS-2P7Y7heTWFRrt3H4ARSFEQXYz_rzgIhFOLGEQ",
                RequestSignature.sign(SECRET, "jsmith@example.com", "JSmith@Example.com/desk", "1700000000"));
        assertEquals("mxid6B33zavvqs-ZsDFY-S7kHOBmaP3qJstVBJLA7y4",
                RequestSignature.sign(SECRET, "zo\u00eb@example.com", "bj\u00f6rk@example.com", "1"));
        assertEquals("G305BzgXo3j0uXr_awIxLB-KWfKopsDZMPTvb-Q505I", RequestSignature.sign(OTHER_SECRET, JID, REQ, EXPIRES));
        assertEquals("presence-v1\nalice@example.com\nbob@example.com\n1893456000",
                RequestSignature.canonical(JID, REQ, EXPIRES));
    }

    @Test
    public void aValidSignatureVerifies() {
        assertTrue(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, SIG, NOW));
        assertTrue("valid through the second it names", RequestSignature.verify(KEYS, JID, REQ, EXPIRES, SIG, 1893456000L));
    }

    @Test
    public void aWrongKeyIsRefused() {
        assertFalse(RequestSignature.verify(new RequestSignature.Keys(OTHER_SECRET, null, 0), JID, REQ, EXPIRES, SIG, NOW));
    }

    @Test
    public void anExpiredSignatureIsRefused() {
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, SIG, 1893456001L));
    }

    @Test
    public void anExpiryTooFarAheadIsRefused() {
        long now = 1893456000L - RequestSignature.MAX_LIFETIME_SECONDS;
        assertTrue(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, SIG, now));
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, SIG, now - 1));
    }

    @Test
    public void tamperedParametersAreRefused() {
        assertFalse(RequestSignature.verify(KEYS, "carol@example.com", REQ, EXPIRES, SIG, NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, "alice@example.com", EXPIRES, SIG, NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, "1893455999", SIG, NOW));
        assertFalse("no normalisation: the parameters as sent",
                RequestSignature.verify(KEYS, JID, "Bob@example.com", EXPIRES, SIG, NOW));
        String flipped = (SIG.charAt(0) == 'A' ? "B" : "A") + SIG.substring(1);
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, flipped, NOW));
    }

    @Test
    public void malformedInputIsRefusedWithoutThrowing() {
        String[] badSigs = {"", "!!!!", SIG + "=", SIG.substring(1), SIG + "A", "M9Rwotq5v0vrj4kQ7oL0hAsPqJI0jIf6XdK1F0HsTH+",
                            "\u00e9\u00e9\u00e9", SIG.replace('M', '\u0000')};
        for (String bad : badSigs) {
            assertFalse(bad, RequestSignature.verify(KEYS, JID, REQ, EXPIRES, bad, NOW));
        }
        String[] badExpires = {"", "-1", "+1893456000", "1893456000.0", " 1893456000", "0x70DC1C80",
                               "9999999999999999999999", "\u0661\u0668"};
        for (String bad : badExpires) {
            assertFalse(bad, RequestSignature.verify(KEYS, JID, REQ, bad, RequestSignature.sign(SECRET, JID, REQ, bad), NOW));
        }
        assertFalse(RequestSignature.verify(KEYS, null, REQ, EXPIRES, SIG, NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, null, EXPIRES, SIG, NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, null, SIG, NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, REQ, EXPIRES, null, NOW));
        assertFalse(RequestSignature.verify(null, JID, REQ, EXPIRES, SIG, NOW));
        assertFalse(RequestSignature.verify(new RequestSignature.Keys("", null, 0), JID, REQ, EXPIRES, SIG, NOW));
    }

    @Test
    public void aLineFeedInAJidIsRefusedEvenWhenSigned() {
        String jid = "alice@example.com\nbob@example.com";
        assertFalse(RequestSignature.verify(KEYS, jid, "x", EXPIRES, RequestSignature.sign(SECRET, jid, "x", EXPIRES), NOW));
        assertFalse(RequestSignature.verify(KEYS, JID, "a\nb", EXPIRES, RequestSignature.sign(SECRET, JID, "a\nb", EXPIRES), NOW));
    }

    @Test
    public void thePreviousSecretIsValidDuringTheGracePeriodOnly() {
        String byPrevious = RequestSignature.sign(OTHER_SECRET, JID, REQ, EXPIRES);
        RequestSignature.Keys rotated = new RequestSignature.Keys(SECRET, OTHER_SECRET, NOW + 10);
        assertTrue(RequestSignature.verify(rotated, JID, REQ, EXPIRES, byPrevious, NOW));
        assertTrue(RequestSignature.verify(rotated, JID, REQ, EXPIRES, SIG, NOW));
        assertTrue(RequestSignature.verify(rotated, JID, REQ, EXPIRES, byPrevious, NOW + 9));
        assertFalse(RequestSignature.verify(rotated, JID, REQ, EXPIRES, byPrevious, NOW + 10));
        assertTrue(RequestSignature.verify(rotated, JID, REQ, EXPIRES, SIG, NOW + 10));
    }

    @Test
    public void theSecretIsCreatedOnceWith32RandomBytes() {
        assertEquals(null, JiveGlobals.getProperty(PresenceSettings.SECRET, null));
        String secret = PresenceSettings.secret();
        assertTrue(secret, secret.matches("[A-Za-z0-9_-]{43}"));
        assertEquals(secret, JiveGlobals.getProperty(PresenceSettings.SECRET, null));
        assertEquals(secret, PresenceSettings.secret());
        assertNotEquals(secret, RequestSignature.newSecret());
    }

    @Test
    public void rotationKeepsThePreviousSecretForTheGracePeriod() {
        String first = PresenceSettings.secret();
        long now = System.currentTimeMillis() / 1000;
        PresenceSettings.rotateSecret(now);
        RequestSignature.Keys keys = PresenceSettings.signingKeys();
        assertNotEquals(first, keys.current);
        assertEquals(first, keys.previous);
        assertEquals(now + RequestSignature.ROTATION_GRACE_SECONDS, keys.previousUntil);
        String expires = Long.toString(now + 60);
        String oldSig = RequestSignature.sign(first, JID, REQ, expires);
        assertTrue(RequestSignature.verify(keys, JID, REQ, expires, oldSig, now));
        assertFalse(RequestSignature.verify(keys, JID, REQ, expires, oldSig, now + RequestSignature.ROTATION_GRACE_SECONDS));
    }

    private static StatusRequestFacts gather(String... namesAndValues) {
        Map<String, String> parameters = new HashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return StatusRequestFacts.gather(parameters::get, null);
    }

    @Test
    public void factsCarryThePolicyAndTheVerdict() {
        String secret = PresenceSettings.secret();
        String expires = Long.toString(System.currentTimeMillis() / 1000 + 600);
        String sig = RequestSignature.sign(secret, JID, REQ, expires);
        int both = FLAG_REQUESTER_SIGNED_ONLY | FLAG_REQUESTER_VERIFIED;
        assertEquals(both, gather("jid", JID, "req_jid", REQ, "expires", expires, "sig", sig).flags & both);
        assertEquals(FLAG_REQUESTER_SIGNED_ONLY, gather("jid", JID, "req_jid", REQ).flags & both);
        assertEquals(FLAG_REQUESTER_SIGNED_ONLY,
                gather("jid", JID, "req_jid", "carol@example.com", "expires", expires, "sig", sig).flags & both);
        assertEquals("no req_jid: nothing verified", FLAG_REQUESTER_SIGNED_ONLY,
                gather("jid", JID, "expires", expires, "sig", sig).flags & both);
        PresenceSettings.saveRequesterSignedOnly(false);
        assertEquals(0, gather("jid", JID, "req_jid", REQ, "expires", expires, "sig", sig).flags & both);
        JiveGlobals.setProperty(PresenceSettings.REQUESTER, "TRUSTED");
        assertEquals("anything but trusted reads as signed", FLAG_REQUESTER_SIGNED_ONLY,
                gather("jid", JID, "req_jid", REQ).flags & both);
    }
}

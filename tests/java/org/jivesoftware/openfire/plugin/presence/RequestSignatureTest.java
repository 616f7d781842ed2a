package org.jivesoftware.openfire.plugin.presence;

import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_REQUESTER_SIGNED_ONLY;
import static org.jivesoftware.openfire.plugin.presence.PresenceCore.FLAG_SIGNATURE_KEY_SHIFT;
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

    private static final int NONE = PresenceCore.KEY_NONE;
    private static final int CURRENT = PresenceCore.KEY_CURRENT;
    private static final int PREVIOUS = PresenceCore.KEY_PREVIOUS;

    @Test
    public void aValidSignatureMatchesTheCurrentKey() {
        assertEquals(CURRENT, RequestSignature.matchingKey(KEYS, JID, REQ, EXPIRES, SIG));
    }

    @Test
    public void aWrongKeyMatchesNothing() {
        assertEquals(NONE, RequestSignature.matchingKey(new RequestSignature.Keys(OTHER_SECRET, null, 0), JID, REQ, EXPIRES, SIG));
    }

    @Test
    public void tamperedParametersMatchNothing() {
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, "carol@example.com", REQ, EXPIRES, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, "alice@example.com", EXPIRES, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, REQ, "1893455999", SIG));
        assertEquals("no normalisation: the parameters as sent", NONE,
                RequestSignature.matchingKey(KEYS, JID, "Bob@example.com", EXPIRES, SIG));
        String flipped = (SIG.charAt(0) == 'A' ? "B" : "A") + SIG.substring(1);
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, REQ, EXPIRES, flipped));
    }

    @Test
    public void malformedInputMatchesNothingWithoutThrowing() {
        String[] badSigs = {"", "!!!!", SIG + "=", SIG.substring(1), SIG + "A", "M9Rwotq5v0vrj4kQ7oL0hAsPqJI0jIf6XdK1F0HsTH+",
                            "\u00e9\u00e9\u00e9", SIG.replace('M', '\u0000')};
        for (String bad : badSigs) {
            assertEquals(bad, NONE, RequestSignature.matchingKey(KEYS, JID, REQ, EXPIRES, bad));
        }
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, null, REQ, EXPIRES, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, null, EXPIRES, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, REQ, null, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, REQ, EXPIRES, null));
        assertEquals(NONE, RequestSignature.matchingKey(null, JID, REQ, EXPIRES, SIG));
        assertEquals(NONE, RequestSignature.matchingKey(new RequestSignature.Keys("", null, 0), JID, REQ, EXPIRES, SIG));
    }

    @Test
    public void aLineFeedInAJidMatchesNothingEvenWhenSigned() {
        String jid = "alice@example.com\nbob@example.com";
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, jid, "x", EXPIRES, RequestSignature.sign(SECRET, jid, "x", EXPIRES)));
        assertEquals(NONE, RequestSignature.matchingKey(KEYS, JID, "a\nb", EXPIRES, RequestSignature.sign(SECRET, JID, "a\nb", EXPIRES)));
    }

    @Test
    public void thePreviousKeyIsNamedWhateverItsEnd() {
        String byPrevious = RequestSignature.sign(OTHER_SECRET, JID, REQ, EXPIRES);
        RequestSignature.Keys rotated = new RequestSignature.Keys(SECRET, OTHER_SECRET, 0);
        assertEquals(PREVIOUS, RequestSignature.matchingKey(rotated, JID, REQ, EXPIRES, byPrevious));
        assertEquals(CURRENT, RequestSignature.matchingKey(rotated, JID, REQ, EXPIRES, SIG));
    }

    /** The core's verdict on a real request for alice (bob is on her roster; not public). */
    private static String seenByBob(String expires, String sig) {
        StatusRequestFacts facts = gather("jid", JID, "req_jid", REQ, "type", "text", "expires", expires, "sig", sig);
        return TestNative.body(CoreAnswer.decode(PresenceCore.resolveFields(facts.fields, facts.flags, facts.priority)));
    }

    @Test
    public void theCoreDecidesExpiresAndGrace() {
        TestNative.require();
        String secret = PresenceSettings.secret();
        long now = System.currentTimeMillis() / 1000;
        String soon = Long.toString(now + 600);
        assertEquals("Lunch", seenByBob(soon, RequestSignature.sign(secret, JID, REQ, soon)));
        String past = Long.toString(now - 5);
        assertEquals("Forbidden", seenByBob(past, RequestSignature.sign(secret, JID, REQ, past)));
        String far = Long.toString(now + PresenceCore.SIGNATURE_MAX_LIFETIME_SECONDS + 120);
        assertEquals("Forbidden", seenByBob(far, RequestSignature.sign(secret, JID, REQ, far)));
        String digits = "00" + soon; // 12 digits: still valid
        assertEquals("Lunch", seenByBob(digits, RequestSignature.sign(secret, JID, REQ, digits)));
        String tooLong = "000" + soon; // 13 digits
        assertEquals("Forbidden", seenByBob(tooLong, RequestSignature.sign(secret, JID, REQ, tooLong)));

        PresenceSettings.rotateSecret(now);
        assertEquals("the previous secret within its grace", "Lunch", seenByBob(soon, RequestSignature.sign(secret, JID, REQ, soon)));
        JiveGlobals.setProperty(PresenceSettings.PREVIOUS_SECRET_UNTIL, Long.toString(now));
        assertEquals("the previous secret after its grace", "Forbidden",
                seenByBob(soon, RequestSignature.sign(secret, JID, REQ, soon)));
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
        assertEquals(now + PresenceCore.KEY_ROTATION_GRACE_SECONDS, keys.previousUntil);
        String expires = Long.toString(now + 60);
        assertEquals(PREVIOUS, RequestSignature.matchingKey(keys, JID, REQ, expires, RequestSignature.sign(first, JID, REQ, expires)));
    }

    private static StatusRequestFacts gather(String... namesAndValues) {
        Map<String, String> parameters = new HashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return StatusRequestFacts.gather(parameters::get, null);
    }

    private static int key(StatusRequestFacts facts) {
        return (facts.flags >> FLAG_SIGNATURE_KEY_SHIFT) & PresenceCore.FLAG_SIGNATURE_KEY_MASK;
    }

    @Test
    public void factsCarryThePolicyTheMatchingKeyAndTheTime() {
        String secret = PresenceSettings.secret();
        long before = System.currentTimeMillis() / 1000;
        String expires = Long.toString(before + 600);
        String sig = RequestSignature.sign(secret, JID, REQ, expires);
        StatusRequestFacts signed = gather("jid", JID, "req_jid", REQ, "expires", expires, "sig", sig);
        assertTrue((signed.flags & FLAG_REQUESTER_SIGNED_ONLY) != 0);
        assertEquals(CURRENT, key(signed));
        long now = Long.parseLong(new String(signed.fields[PresenceCore.FIELD_NOW], java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(now >= before && now <= before + 5);
        assertEquals("0", new String(signed.fields[PresenceCore.FIELD_PREVIOUS_KEY_UNTIL], java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(expires, new String(signed.fields[PresenceCore.FIELD_EXPIRES], java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(NONE, key(gather("jid", JID, "req_jid", REQ)));
        assertEquals(NONE, key(gather("jid", JID, "req_jid", "carol@example.com", "expires", expires, "sig", sig)));
        assertEquals("no req_jid: no MAC computed", NONE, key(gather("jid", JID, "expires", expires, "sig", sig)));
        PresenceSettings.saveRequesterSignedOnly(false);
        StatusRequestFacts trusted = gather("jid", JID, "req_jid", REQ, "expires", expires, "sig", sig);
        assertEquals(0, trusted.flags & FLAG_REQUESTER_SIGNED_ONLY);
        assertEquals("under trusted no MAC is computed", NONE, key(trusted));
        JiveGlobals.setProperty(PresenceSettings.REQUESTER, "TRUSTED");
        assertEquals("anything but trusted reads as signed", FLAG_REQUESTER_SIGNED_ONLY,
                gather("jid", JID, "req_jid", REQ).flags & FLAG_REQUESTER_SIGNED_ONLY);
    }
}

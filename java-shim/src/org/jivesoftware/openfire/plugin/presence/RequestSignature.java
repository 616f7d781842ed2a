package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed requests (README "Signed requests"): a web application that knows its visitor sends
 * req_jid with expires (Unix seconds) and sig, the HMAC-SHA256 under the server's secret of
 * {@link #canonical}, base64url without padding. This class signs and says which secret's
 * signature equals sig (a fact); the core decides whether that counts (the previous secret's
 * grace, expires within now .. now + PresenceCore.SIGNATURE_MAX_LIFETIME_SECONDS).
 *
 * <p>The HMAC key is the secret's text as the admin page shows it (its UTF-8 bytes, 43 base64url
 * characters of 32 random bytes), so every ecosystem can use it as given.
 */
final class RequestSignature {
    /** The first line of every canonical string: the signature scheme's version. */
    static final String VERSION = "presence-v1";
    /** Bytes of randomness in a secret. */
    static final int SECRET_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The secrets a signature may be made with: current always, previous until previousUntil
     * (the core checks that end). */
    static final class Keys {
        final String current;
        final String previous;
        final long previousUntil;

        /** current must be non-empty; previous may be null (none); previousUntil in Unix seconds. */
        Keys(String current, String previous, long previousUntil) {
            this.current = current;
            this.previous = previous;
            this.previousUntil = previousUntil;
        }
    }

    private RequestSignature() {
    }

    /** A new secret: SECRET_BYTES from SecureRandom, base64url without padding. */
    static String newSecret() {
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * The string that is signed: "presence-v1\n" + jid + "\n" + req_jid + "\n" + expires, each
     * parameter exactly as sent (after URL decoding), encoded as UTF-8 by the caller.
     */
    static String canonical(String jid, String reqJid, String expires) {
        return VERSION + "\n" + jid + "\n" + reqJid + "\n" + expires;
    }

    /** sig for these parameters under secret: base64url without padding of the HMAC-SHA256. */
    static String sign(String secret, String jid, String reqJid, String expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret, canonical(jid, reqJid, expires)));
    }

    /**
     * The KEY_ code (PresenceCore) of the secret whose signature of these parameters equals
     * sig: KEY_CURRENT for keys.current, else KEY_PREVIOUS for keys.previous (whatever its end
     * of grace: the core decides that, and whether expires is acceptable), else KEY_NONE. No
     * MAC is computed, and KEY_NONE is the answer, when jid, req_jid, expires or sig is absent
     * or empty or jid or req_jid holds a line feed (the canonical string would have two
     * readings). Signatures are compared in constant time. Never throws for any input.
     */
    static int matchingKey(Keys keys, String jid, String reqJid, String expires, String sig) {
        if (keys == null || empty(keys.current) || empty(jid) || empty(reqJid) || empty(expires) || empty(sig)
                || jid.indexOf('\n') >= 0 || reqJid.indexOf('\n') >= 0) {
            return PresenceCore.KEY_NONE;
        }
        byte[] given = sig.getBytes(StandardCharsets.UTF_8);
        if (matches(keys.current, jid, reqJid, expires, given)) {
            return PresenceCore.KEY_CURRENT;
        }
        if (!empty(keys.previous) && matches(keys.previous, jid, reqJid, expires, given)) {
            return PresenceCore.KEY_PREVIOUS;
        }
        return PresenceCore.KEY_NONE;
    }

    private static boolean matches(String secret, String jid, String reqJid, String expires, byte[] given) {
        byte[] expected = sign(secret, jid, reqJid, expires).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {  // every Java platform must provide HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }
}

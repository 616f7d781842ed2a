package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.http.HttpSession;

/** The admin page's CSRF token: random per HTTP session, stored in the session. */
final class CsrfToken {
    static final String SESSION_ATTRIBUTE = "org.jivesoftware.openfire.plugin.presence.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {
    }

    /** The session's token, created (32 random bytes, base64url) on first use. */
    static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(SESSION_ATTRIBUTE);
            if (token instanceof String) {
                return (String) token;
            }
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            session.setAttribute(SESSION_ATTRIBUTE, created);
            return created;
        }
    }

    /** True when session exists, has a token and submitted equals it (constant-time compare). */
    static boolean matches(HttpSession session, String submitted) {
        if (session == null || submitted == null) {
            return false;
        }
        Object token = session.getAttribute(SESSION_ATTRIBUTE);
        return token instanceof String
                && MessageDigest.isEqual(((String) token).getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }
}

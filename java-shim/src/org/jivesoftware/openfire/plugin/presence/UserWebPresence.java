package org.jivesoftware.openfire.plugin.presence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.util.JiveGlobals;

/**
 * Each user's own choice of who may see their presence on the web (README "Who may see
 * presence"), stored where Openfire keeps per-user data, so it survives restarts and is shared by
 * a cluster:
 * <ul>
 * <li>the user properties (ofUserProp) {@link #VISIBILITY_PROPERTY}, {@link #SHOWN_PROPERTY}
 *     (lower-case enum names) and {@link #LINK_PROPERTY} (the private-link token);
 * <li>the link index: one system property per token, {@link #LINK_INDEX_PREFIX} +
 *     base64url(SHA-256(token)) = username. JiveGlobals keeps every system property in memory
 *     (and clusters share them), so a token is found without scanning users, and the System
 *     Properties page shows only digests, never a usable token.
 * </ul>
 * This class decides nothing about answers: it reads and writes the facts the core decides from.
 */
final class UserWebPresence {
    /** Who may see the user's presence; DEFAULT follows plugin.presence.public. */
    enum Visibility { PUBLIC, CONTACTS, LINK, HIDDEN, DEFAULT }

    /** What is shown: the status name only, or with the status message; DEFAULT follows
     * plugin.presence.shown. */
    enum Shown { STATUS, MESSAGE, DEFAULT }

    static final String VISIBILITY_PROPERTY = "presence.visibility";
    static final String SHOWN_PROPERTY = "presence.shown";
    static final String LINK_PROPERTY = "presence.link";
    static final String LINK_INDEX_PREFIX = "plugin.presence.link.";
    /** Random bytes in a token, and the token's length in base64url without padding. */
    static final int LINK_BYTES = 16;
    static final int LINK_LENGTH = 22;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserWebPresence() {
    }

    /** The user's visibility; DEFAULT when unset or not one of the names. */
    static Visibility visibility(User user) {
        return parse(Visibility.class, user.getProperties().get(VISIBILITY_PROPERTY), Visibility.DEFAULT);
    }

    /** What the user shows; DEFAULT when unset or not one of the names. */
    static Shown shown(User user) {
        return parse(Shown.class, user.getProperties().get(SHOWN_PROPERTY), Shown.DEFAULT);
    }

    /** Stores both choices (null stores DEFAULT), lower-case. */
    static void save(User user, Visibility visibility, Shown shown) {
        Map<String, String> properties = user.getProperties();
        properties.put(VISIBILITY_PROPERTY, (visibility == null ? Visibility.DEFAULT : visibility).name().toLowerCase(Locale.ROOT));
        properties.put(SHOWN_PROPERTY, (shown == null ? Shown.DEFAULT : shown).name().toLowerCase(Locale.ROOT));
    }

    /**
     * The user's private-link token, created (LINK_BYTES from SecureRandom, base64url without
     * padding) and indexed on the first call; an existing token whose index entry is missing is
     * indexed again.
     */
    static synchronized String link(User user) {
        String token = user.getProperties().get(LINK_PROPERTY);
        if (!wellFormed(token)) {
            return rotateLink(user);
        }
        String key = indexKey(token);
        if (!user.getUsername().equals(JiveGlobals.getProperty(key, null))) {
            PresenceSettings.setProperty(key, user.getUsername());
        }
        return token;
    }

    /**
     * Replaces the user's token by a new one and returns it; the old one finds nobody from the
     * moment this returns (its index entry is deleted, and usernameForToken also checks the
     * token against the user's current one).
     */
    static synchronized String rotateLink(User user) {
        String old = user.getProperties().get(LINK_PROPERTY);
        byte[] random = new byte[LINK_BYTES];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PresenceSettings.setProperty(indexKey(token), user.getUsername());
        user.getProperties().put(LINK_PROPERTY, token);
        if (wellFormed(old)) {
            PresenceSettings.setProperty(indexKey(old), null);
        }
        return token;
    }

    /**
     * The username whose current token this is, or null for null, a malformed token (not
     * LINK_LENGTH base64url characters), an unindexed one, a deleted user or a token that is no
     * longer the user's. One index look-up and one user look-up, whatever the number of users;
     * the tokens are compared in constant time.
     */
    static String usernameForToken(String token) {
        if (!wellFormed(token)) {
            return null;
        }
        String username = JiveGlobals.getProperty(indexKey(token), null);
        if (username == null || username.isEmpty()) {
            return null;
        }
        User user;
        try {
            user = XMPPServer.getInstance().getUserManager().getUser(username);
        } catch (UserNotFoundException | RuntimeException gone) {
            return null;
        }
        String current = user.getProperties().get(LINK_PROPERTY);
        if (current == null || !MessageDigest.isEqual(current.getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return user.getUsername();
    }

    /** LINK_LENGTH characters of the base64url alphabet. */
    static boolean wellFormed(String token) {
        if (token == null || token.length() != LINK_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The index property of a token: LINK_INDEX_PREFIX + base64url(SHA-256(token)). */
    static String indexKey(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return LINK_INDEX_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {  // every Java platform must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String stored, E fallback) {
        if (stored == null) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(stored.trim())) {
                return value;
            }
        }
        return fallback;
    }
}

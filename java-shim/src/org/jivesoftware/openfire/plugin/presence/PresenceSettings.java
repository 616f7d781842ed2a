package org.jivesoftware.openfire.plugin.presence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.SystemProperty;

/**
 * The plugin's Openfire system properties: names, defaults, reading and saving, and their
 * registration with Openfire's SystemProperty (so that the System Properties page lists them with
 * this plugin's name, description and default). Values are always read and written through
 * JiveGlobals, where SystemProperty keeps them too, so a failed registration changes nothing.
 */
final class PresenceSettings {
    static final String PUBLIC = "plugin.presence.public";
    static final String UNAVAILABLE_STATUS = "plugin.presence.unavailable.status";
    static final String COMPONENT_TIMEOUT = "plugin.presence.component.timeout";
    /** Whose req_jid counts: REQUESTER_SIGNED (default) or REQUESTER_TRUSTED (spoofable). */
    static final String REQUESTER = "plugin.presence.requester";
    static final String REQUESTER_SIGNED = "signed";
    static final String REQUESTER_TRUSTED = "trusted";
    /** The signing secret (RequestSignature); generated at first start, shown on the admin page. */
    static final String SECRET = "plugin.presence.secret";
    /** The secret before the last rotation, and until when (Unix seconds) it is still accepted. */
    static final String PREVIOUS_SECRET = "plugin.presence.secret.previous";
    static final String PREVIOUS_SECRET_UNTIL = "plugin.presence.secret.previous.until";
    /** Seconds a client may reuse a 200 answer before revalidating it (README "Caching"); the core
     * clamps it to 0..MAX_CACHE_MAX_AGE_SECONDS, 0 (default) = Cache-Control: no-cache. */
    static final String CACHE_MAX_AGE = "plugin.presence.cache.maxage";
    /** presence.h PRESENCE_MAX_CACHE_MAX_AGE. */
    static final long MAX_CACHE_MAX_AGE_SECONDS = 3600;
    /** The origins whose pages may read the answers (README "CORS"); empty (default) = any origin. */
    static final String CORS_ORIGINS = "plugin.presence.cors.origins";
    /** presence.h PRESENCE_MAX_CORS_ORIGINS: the longest list the core accepts. */
    static final int MAX_CORS_ORIGINS_LENGTH = 4096;
    /** What the core answers for an offline user when UNAVAILABLE_STATUS is unset or empty. */
    static final String DEFAULT_UNAVAILABLE_STATUS = "Unavailable";
    static final long DEFAULT_COMPONENT_TIMEOUT_MILLIS = 2000;
    static final long MAX_COMPONENT_TIMEOUT_MILLIS = 30000;
    /**
     * plugin.xml's name: Openfire unregisters a plugin's SystemProperties by it when unloading the
     * plugin, and reads their descriptions from the bundle named after it (presenceservice_i18n).
     */
    static final String PLUGIN_NAME = "Presence Service";

    private PresenceSettings() {
    }

    /** plugin.presence.public, default false. */
    static boolean isPublic() {
        return JiveGlobals.getBooleanProperty(PUBLIC, false);
    }

    /** plugin.presence.requester is not "trusted": only a signed req_jid counts (any other value
     * reads as signed, the safe way round). */
    static boolean requesterSignedOnly() {
        return !REQUESTER_TRUSTED.equals(JiveGlobals.getProperty(REQUESTER, REQUESTER_SIGNED).trim());
    }

    /** Saves plugin.presence.requester. */
    static void saveRequesterSignedOnly(boolean signedOnly) {
        setProperty(REQUESTER, signedOnly ? REQUESTER_SIGNED : REQUESTER_TRUSTED);
    }

    /** The secret, created (RequestSignature.newSecret) and saved when there is none. Reading
     * takes no lock (every signed request reads it); only creating one does. */
    static String secret() {
        String secret = JiveGlobals.getProperty(SECRET, null);
        if (secret != null && !secret.trim().isEmpty()) {
            return secret.trim();
        }
        return createSecret();
    }

    private static synchronized String createSecret() {
        String secret = JiveGlobals.getProperty(SECRET, null);
        if (secret == null || secret.trim().isEmpty()) {
            secret = RequestSignature.newSecret();
            setProperty(SECRET, secret);
        }
        return secret.trim();
    }

    /** The secrets a signature may use now: the current one, and the previous one with its end. */
    static RequestSignature.Keys signingKeys() {
        String current = secret();
        String previous = JiveGlobals.getProperty(PREVIOUS_SECRET, null);
        long until;
        try {
            until = Long.parseLong(JiveGlobals.getProperty(PREVIOUS_SECRET_UNTIL, "0").trim());
        } catch (NumberFormatException e) {
            until = 0;
        }
        return new RequestSignature.Keys(current, previous == null ? null : previous.trim(), until);
    }

    /**
     * Replaces the secret by a new one; the one replaced stays valid for
     * RequestSignature.ROTATION_GRACE_SECONDS after nowSeconds (a rotation within the grace
     * period ends the older secret's grace at once).
     */
    static synchronized void rotateSecret(long nowSeconds) {
        String replaced = secret();
        setProperty(PREVIOUS_SECRET, replaced);
        setProperty(PREVIOUS_SECRET_UNTIL, Long.toString(nowSeconds + RequestSignature.ROTATION_GRACE_SECONDS));
        setProperty(SECRET, RequestSignature.newSecret());
    }

    /** plugin.presence.unavailable.status, or null when unset. */
    static String unavailableStatus() {
        return JiveGlobals.getProperty(UNAVAILABLE_STATUS, null);
    }

    /** plugin.presence.cache.maxage as written, or null when unset (the core parses and clamps it). */
    static String cacheMaxAge() {
        return JiveGlobals.getProperty(CACHE_MAX_AGE, null);
    }

    /** plugin.presence.cors.origins as written, or null when unset (the core parses and checks it). */
    static String corsOrigins() {
        return JiveGlobals.getProperty(CORS_ORIGINS, null);
    }

    /**
     * Whether plugin.presence.cors.origins names origins (holds anything but spaces, tabs and
     * commas), for the servlet's own answers, which are made without the core: with origins named
     * they allow none and carry "Vary: Origin", the core's answer to an Origin it does not allow.
     */
    static boolean corsOriginsListed() {
        String origins = corsOrigins();
        return origins != null && !origins.replace(',', ' ').trim().isEmpty();
    }

    /** Saves the caching and CORS settings of the admin page; null leaves a setting as it is. */
    static void saveCaching(Long maxAgeSeconds, String corsOrigins) {
        if (maxAgeSeconds != null) {
            setProperty(CACHE_MAX_AGE, maxAgeSeconds.toString());
        }
        if (corsOrigins != null) {
            setProperty(CORS_ORIGINS, corsOrigins);
        }
    }

    /** plugin.presence.component.timeout in ms, default 2000, clamped to 0..30000. */
    static long componentTimeoutMillis() {
        String value = JiveGlobals.getProperty(COMPONENT_TIMEOUT, null);
        try {
            long millis = value == null ? DEFAULT_COMPONENT_TIMEOUT_MILLIS : Long.parseLong(value.trim());
            return Math.max(0, Math.min(MAX_COMPONENT_TIMEOUT_MILLIS, millis));
        } catch (NumberFormatException e) {
            return DEFAULT_COMPONENT_TIMEOUT_MILLIS;
        }
    }

    /**
     * Registers the six settings with Openfire's SystemProperty (members identical from Openfire
     * 4.5.0 to main). First drops any left registered under PLUGIN_NAME, because build() throws
     * IllegalArgumentException for a key registered already.
     */
    static void register() {
        SystemProperty.removePropertiesForPlugin(PLUGIN_NAME);
        SystemProperty.Builder.ofType(Boolean.class).setKey(PUBLIC).setDefaultValue(Boolean.FALSE)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(UNAVAILABLE_STATUS).setDefaultValue(DEFAULT_UNAVAILABLE_STATUS)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(Long.class).setKey(COMPONENT_TIMEOUT).setDefaultValue(DEFAULT_COMPONENT_TIMEOUT_MILLIS)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(REQUESTER).setDefaultValue(REQUESTER_SIGNED)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(Long.class).setKey(CACHE_MAX_AGE).setDefaultValue(0L)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(CORS_ORIGINS).setDefaultValue("")
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
    }

    /** Unregisters what register() registered (Openfire does so at unload too; twice is harmless). */
    static void unregister() {
        SystemProperty.removePropertiesForPlugin(PLUGIN_NAME);
    }

    /** Saves both settings of the admin page. */
    static void save(boolean presencePublic, String unavailableStatus) {
        setProperty(PUBLIC, Boolean.toString(presencePublic));
        setProperty(UNAVAILABLE_STATUS, unavailableStatus);
    }

    /**
     * JiveGlobals.setProperty(String, String), called by name: it returns void in Openfire
     * 4.5.0 to 5.1.x and the previous value (String) in later Openfire (OF-3313), so a direct
     * call compiled against one would fail with NoSuchMethodError on the other.
     */
    private static void setProperty(String name, String value) {
        try {
            Method setter = JiveGlobals.class.getMethod("setProperty", String.class, String.class);
            setter.invoke(null, name, value);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause
                    : new IllegalStateException("JiveGlobals.setProperty failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JiveGlobals.setProperty is not available", e);
        }
    }
}

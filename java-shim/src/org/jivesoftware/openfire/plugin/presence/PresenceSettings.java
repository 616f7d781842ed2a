package org.jivesoftware.openfire.plugin.presence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.SystemProperty;

/**
 * The plugin's Openfire system properties: names, defaults, reading and saving, and their
 * registration with Openfire's SystemProperty (so that the System Properties page lists them with
 * this plugin's name, description and default). Values are always read and written through
 * JiveGlobals, where SystemProperty keeps them too, so a failed registration changes nothing.
 */
final class PresenceSettings {
    /** The default visibility of users who chose none (UserWebPresence.Visibility.DEFAULT):
     * true = public, false = contacts. */
    static final String PUBLIC = "plugin.presence.public";
    /** What users who chose none (UserWebPresence.Shown.DEFAULT) show: SHOWN_MESSAGE (the
     * default: status and message) or SHOWN_STATUS (the status name only). */
    static final String SHOWN = "plugin.presence.shown";
    static final String SHOWN_MESSAGE = "message";
    static final String SHOWN_STATUS = "status";
    static final String UNAVAILABLE_STATUS = "plugin.presence.unavailable.status";
    static final String COMPONENT_TIMEOUT = "plugin.presence.component.timeout";
    /** Whose req_jid counts: REQUESTER_SIGNED (default) or REQUESTER_TRUSTED (spoofable). */
    static final String REQUESTER = "plugin.presence.requester";
    static final String REQUESTER_SIGNED = "signed";
    static final String REQUESTER_TRUSTED = "trusted";
    /** The icon theme of type=image answers whose request names none (the core reads it; a
     * value that is not a built-in theme answers as classic). */
    static final String THEME = "plugin.presence.theme";
    /** The built-in icon themes the admin page offers, classic (the default) first. The core's
     * list is native/images/themes/*.icons; the e2e admin-page test asks for each one. */
    static final java.util.List<String> THEMES = java.util.Collections.unmodifiableList(
            java.util.Arrays.asList("classic", "dot", "contrast"));
    static final String DEFAULT_THEME = "classic";
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
    /** The status servlet's public address (STATUS_PATH included), as the admin page was last
     * saved from; private links are this plus "?id=TOKEN". Unset: derived (statusUrl()). */
    static final String STATUS_URL = "plugin.presence.status.url";
    static final String STATUS_PATH = "/plugins/presence/status";
    /** Openfire's default admin-console HTTP port (its own setting is in openfire.xml, which
     * plugins do not read: an administrator with another port saves the admin page once). */
    static final int DEFAULT_ADMIN_PORT = 9090;
    /** The longest STATUS_URL used (a longer one is ignored, as an unset one). */
    static final int MAX_STATUS_URL_LENGTH = 2048;

    private PresenceSettings() {
    }

    /** plugin.presence.public, default false. */
    static boolean isPublic() {
        return JiveGlobals.getBooleanProperty(PUBLIC, false);
    }

    /** plugin.presence.shown, trimmed, or null when unset (the core reads it: only "status"
     * hides the message of users who chose nothing; any other value shows it). */
    static String shownSetting() {
        String value = JiveGlobals.getProperty(SHOWN, null);
        return value == null ? null : value.trim();
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
     * PresenceCore.KEY_ROTATION_GRACE_SECONDS after nowSeconds (a rotation within the grace
     * period ends the older secret's grace at once).
     */
    static synchronized void rotateSecret(long nowSeconds) {
        String replaced = secret();
        setProperty(PREVIOUS_SECRET, replaced);
        setProperty(PREVIOUS_SECRET_UNTIL, Long.toString(nowSeconds + PresenceCore.KEY_ROTATION_GRACE_SECONDS));
        setProperty(SECRET, RequestSignature.newSecret());
    }

    /** plugin.presence.unavailable.status, or null when unset. */
    static String unavailableStatus() {
        return JiveGlobals.getProperty(UNAVAILABLE_STATUS, null);
    }

    /** plugin.presence.theme as stored (trimmed), or DEFAULT_THEME when unset; the core decides
     * what an unknown value means. */
    static String theme() {
        String value = JiveGlobals.getProperty(THEME, DEFAULT_THEME);
        return value == null ? DEFAULT_THEME : value.trim();
    }

    /** Saves plugin.presence.theme; only a built-in theme name (else IllegalArgumentException). */
    static void saveTheme(String theme) {
        if (!THEMES.contains(theme)) {
            throw new IllegalArgumentException("not a built-in theme");
        }
        setProperty(THEME, theme);
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
     * Registers the eight settings with Openfire's SystemProperty (members identical from Openfire
     * 4.5.0 to main). First drops any left registered under PLUGIN_NAME, because build() throws
     * IllegalArgumentException for a key registered already.
     */
    static void register() {
        SystemProperty.removePropertiesForPlugin(PLUGIN_NAME);
        SystemProperty.Builder.ofType(Boolean.class).setKey(PUBLIC).setDefaultValue(Boolean.FALSE)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(SHOWN).setDefaultValue(SHOWN_MESSAGE)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(UNAVAILABLE_STATUS).setDefaultValue(DEFAULT_UNAVAILABLE_STATUS)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(Long.class).setKey(COMPONENT_TIMEOUT).setDefaultValue(DEFAULT_COMPONENT_TIMEOUT_MILLIS)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(REQUESTER).setDefaultValue(REQUESTER_SIGNED)
                .setDynamic(true).setPlugin(PLUGIN_NAME).build();
        SystemProperty.Builder.ofType(String.class).setKey(THEME).setDefaultValue(DEFAULT_THEME)
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
     * call compiled against one would fail with NoSuchMethodError on the other. A null value
     * deletes the property (and, as Openfire does, its children).
     */
    static void setProperty(String name, String value) {
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

    /**
     * The status servlet's public address: STATUS_URL when it is an http(s) URL ending in
     * STATUS_PATH (the admin page saves the address it is served at, as its "Addresses to use"
     * shows it); else http://HOSTNAME:9090 + STATUS_PATH from Openfire's host name
     * (XMPPServerInfo.getHostname) and the admin console's default port.
     */
    static String statusUrl() {
        String saved = JiveGlobals.getProperty(STATUS_URL, null);
        if (isStatusUrl(saved)) {
            return saved.trim();
        }
        String host = XMPPServer.getInstance().getServerInfo().getHostname();
        if (host == null || host.trim().isEmpty()) {
            host = XMPPServer.getInstance().getServerInfo().getXMPPDomain();
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";  // an IPv6 literal
        }
        return "http://" + host.trim() + ":" + DEFAULT_ADMIN_PORT + STATUS_PATH;
    }

    /** Saves url as STATUS_URL when it is a valid status address that differs from the saved one. */
    static void saveStatusUrl(String url) {
        if (isStatusUrl(url) && !url.equals(JiveGlobals.getProperty(STATUS_URL, null))) {
            setProperty(STATUS_URL, url);
        }
    }

    /** The private link of token: statusUrl() + "?id=" + token (a token is URL-safe as it is). */
    static String linkUrl(String token) {
        return statusUrl() + "?id=" + token;
    }

    private static boolean isStatusUrl(String url) {
        if (url == null || url.length() > MAX_STATUS_URL_LENGTH) {
            return false;
        }
        String value = url.trim();
        return (value.startsWith("http://") || value.startsWith("https://")) && value.endsWith(STATUS_PATH)
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\');
    }
}

/* The Openfire release line the host plays (--openfire-line): every difference between lines that
 * can change how a plugin behaves, each as one predicate, and the line's recorded signatures
 * (java-shim/openfire-api/openfire-VERSION-signatures.txt) that the runtime is checked against. */
package presence.host;

import java.util.Arrays;
import java.util.stream.Collectors;

public enum OpenfireLine {
    /** 4.5.0: the admin console's servlet config for every plugin servlet, loose servlet lookup,
     *  wildcard excludes always honoured, X-Frame-Options "same". */
    V4_5("4.5", "4.5.0"),
    /** 4.7.5: per-servlet config and context; excludes wiped on an admin-console restart; wildcard
     *  excludes only with adminConsole.access.allow-wildcards-in-excludes; SAMEORIGIN. */
    V4_7("4.7", "4.7.5"),
    /** 4.9.2: as 4.7, plus exact servlet lookup (or an explicit "*" pattern). */
    V4_9("4.9", "4.9.2"),
    /** 5.0.5: as 4.9, plus canProbePresence answering false for an unknown user or roster entry. */
    V5_0("5.0", "5.0.5"),
    /** 5.1.1: as 5.0, plus CacheControlFilter; a restart keeps the excludes. */
    V5_1("5.1", "5.1.1");

    /** The line played when the command line names none. */
    public static final OpenfireLine DEFAULT = V4_5;
    private static volatile OpenfireLine current = DEFAULT;

    private final String name;
    private final String recordedVersion;

    OpenfireLine(String name, String recordedVersion) {
        this.name = name;
        this.recordedVersion = recordedVersion;
    }

    /** The line named "4.5", "4.7", "4.9", "5.0" or "5.1"; IllegalArgumentException naming the valid ones otherwise. */
    public static OpenfireLine named(String name) {
        for (OpenfireLine line : values()) {
            if (line.name.equals(name)) {
                return line;
            }
        }
        throw new IllegalArgumentException("--openfire-line must be one of "
                + Arrays.stream(values()).map(OpenfireLine::lineName).collect(Collectors.joining(", ")) + ", not '" + name + "'");
    }

    /** The line the runtime plays now (DEFAULT until play is called). */
    public static OpenfireLine current() {
        return current;
    }

    /** Makes the runtime play line from now on. */
    public static void play(OpenfireLine line) {
        current = line;
    }

    public String lineName() {
        return name;
    }

    /** The Openfire version whose signatures were recorded for this line. */
    public String recordedVersion() {
        return recordedVersion;
    }

    /** 4.7.0+: each plugin servlet gets its own ServletConfig (web.xml init-params) and a context
     *  reading resources through the plugin class loader, getRealPath null. */
    public boolean perServletConfig() {
        return this != V4_5;
    }

    /** 4.9.0+: a servlet is found by its exact key or an explicit "*" pattern, no prefix match. */
    public boolean exactServletLookup() {
        return compareTo(V4_9) >= 0;
    }

    /** 4.6.8, 4.7.5, 4.8.0 to 5.0.5: AuthCheckFilter.destroy() (an admin-console restart) empties the excludes. */
    public boolean restartWipesExcludes() {
        return this == V4_7 || this == V4_9 || this == V5_0;
    }

    /** 4.6.8+: an exclude ending in "*" counts only when adminConsole.access.allow-wildcards-in-excludes is true,
     *  and URLs are percent-decoded before the ".." check (an undecodable URL passes no exclude). */
    public boolean wildcardExcludesNeedProperty() {
        return this != V4_5;
    }

    /** 5.1.0+: CacheControlFilter marks a 200/304 answer without Cache-Control as not cacheable. */
    public boolean cacheControlFilter() {
        return this == V5_1;
    }

    /** 5.0.2+: canProbePresence answers false instead of throwing UserNotFoundException. */
    public boolean canProbeCatchesUnknownUser() {
        return compareTo(V5_0) >= 0;
    }

    /** X-Frame-Options unless adminConsole.frame-options is set: "same" (4.5, 4.6; added), "SAMEORIGIN" (4.7+; set). */
    public String defaultFrameOptions() {
        return this == V4_5 ? "same" : "SAMEORIGIN";
    }
}

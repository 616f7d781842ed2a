/* The host's command line: --port N --directory FILE [--home DIR] [--plugin JAR]
 * [--static-dir DIR] [--demo-dir DIR] [--poll-ms N] [--openfire-line L]. Defaults that depend on the repository
 * (plugin jar, demo folder) come from the system property presence.host.root (set by the
 * tests/host/presence-host launcher). */
package presence.host;

import java.nio.file.Path;
import java.nio.file.Paths;

final class HostOptions {
    static final String USAGE = "usage: presence-host --port N --directory FILE [--home DIR] [--plugin JAR]"
            + " [--static-dir DIR] [--demo-dir DIR] [--poll-ms N] [--openfire-line 4.5|4.7|4.9|5.0|5.1]";
    private static final int MAX_POLL_MILLIS = 60_000;

    int port = 9090;
    Path directory;
    Path home;
    Path plugin;
    Path staticDir;
    Path demoDir;
    long pollMillis = 1000;
    OpenfireLine line = OpenfireLine.DEFAULT;

    /** Parses args; IllegalArgumentException with a one-line reason on any error. */
    static HostOptions parse(String[] args) {
        HostOptions options = new HostOptions();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unexpected argument " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> options.port = number(name, value, 0, 65535);
                case "--directory" -> options.directory = Paths.get(value);
                case "--home" -> options.home = Paths.get(value);
                case "--plugin" -> options.plugin = Paths.get(value);
                case "--static-dir" -> options.staticDir = Paths.get(value);
                case "--demo-dir" -> options.demoDir = Paths.get(value);
                case "--poll-ms" -> options.pollMillis = number(name, value, 50, MAX_POLL_MILLIS);
                case "--openfire-line" -> options.line = OpenfireLine.named(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (options.directory == null) {
            throw new IllegalArgumentException("--directory FILE is required");
        }
        Path root = Paths.get(System.getProperty("presence.host.root", "."));
        if (options.plugin == null) {
            options.plugin = root.resolve("build").resolve("presence.jar");
        }
        if (options.demoDir == null) {
            options.demoDir = root.resolve("tests").resolve("host").resolve("demo");
        }
        return options;
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** The plugin's canonical name, as Openfire derives it: the jar's file name, lower-cased, without ".jar". */
    String pluginName() {
        String file = plugin.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
    }
}

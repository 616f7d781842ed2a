package org.jivesoftware.openfire.plugin.presence;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native core. First the library the plugin carries for the running platform, resource
 * native/PLATFORM/LIBRARY (PLATFORM as {@link #platformKey}, LIBRARY as System.mapLibraryName);
 * then, when that is missing or does not load and the administrator has set the system property
 * {@value #LIBRARY_PROPERTY}, the library at that path (for platforms the plugin has no library
 * for). Either is copied to a uniquely named file in the folder named by {@value #TMPDIR_PROPERTY}
 * (default java.io.tmpdir; set it when that folder is mounted noexec), loaded from there and the
 * file is deleted at once, so every class loader (every load of the plugin) gets its own copy: a
 * reloaded plugin never hits "already loaded in another classloader". Never throws: a failure
 * becomes a one-line reason naming the platform, what the plugin carries and what to do.
 */
final class NativeLibrary {
    /** System property: path of a presence library for a platform the plugin has none for. */
    static final String LIBRARY_PROPERTY = "presence.native.library";
    /** System property: folder for the temporary copy of the library (default java.io.tmpdir). */
    static final String TMPDIR_PROPERTY = "presence.native.tmpdir";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String LIBRARY_NAME = "presence";

    /** What loading gave: loaded, or a one-line reason why not; the temporary copy used. */
    static final class Status {
        private final boolean loaded;
        private final String reason;
        private final Path temporaryCopy;

        Status(boolean loaded, String reason, Path temporaryCopy) {
            this.loaded = loaded;
            this.reason = reason;
            this.temporaryCopy = temporaryCopy;
        }

        boolean loaded() {
            return loaded;
        }

        String reason() {
            return reason;
        }

        Path temporaryCopy() {
            return temporaryCopy;
        }

        static Status failed(String reason, Path temporaryCopy) {
            return new Status(false, reason, temporaryCopy);
        }
    }

    private NativeLibrary() {
    }

    /** Loads the library for the running platform (the plugin's, else {@value #LIBRARY_PROPERTY}'s). */
    static Status load() {
        return load(resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", "")));
    }

    /** Resource path of the library for a platform, e.g. native/linux-x86_64/libpresence.so. */
    static String resourceName(String osName, String osArch) {
        return "native/" + platformKey(osName, osArch) + "/" + System.mapLibraryName(LIBRARY_NAME);
    }

    /** linux-x86_64, linux-aarch64, macos-x86_64, windows-x86_64 ...: os-arch, lower case. */
    static String platformKey(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        } else if (os.startsWith("windows")) {
            os = "windows";
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86-64")) {
            arch = "x86_64";
        } else if (arch.equals("arm64")) {
            arch = "aarch64";
        }
        return (os + "-" + arch).replaceAll("[^a-z0-9_-]", "_");
    }

    /**
     * Loads the library found at resource (a class-loader resource name, native/PLATFORM/LIBRARY),
     * else the one {@value #LIBRARY_PROPERTY} names, if set.
     */
    static Status load(String resource) {
        String platform = resource.startsWith("native/") && resource.indexOf('/', 7) > 0
                ? resource.substring(7, resource.indexOf('/', 7)) : resource;
        String administratorPath = System.getProperty(LIBRARY_PROPERTY, "").trim();
        Status packaged;
        try (InputStream library = NativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (library == null) {
                packaged = Status.failed("this plugin has no native library for this platform, " + platform
                        + " (" + resource + " is missing; it carries " + carried() + ")", null);
            } else {
                packaged = loadCopy(library, "the plugin's " + resource);
            }
        } catch (IOException e) {
            packaged = Status.failed("the plugin's " + resource + " could not be read: " + LogText.clean(e.toString()), null);
        }
        if (packaged.loaded()) {
            return packaged;
        }
        if (administratorPath.isEmpty()) {
            return Status.failed(packaged.reason() + "; to use a presence library built for " + platform
                    + ", set the Java system property " + LIBRARY_PROPERTY + " to its path and restart Openfire",
                    packaged.temporaryCopy());
        }
        Status administrators;
        try (InputStream library = Files.newInputStream(Paths.get(administratorPath))) {
            administrators = loadCopy(library, LIBRARY_PROPERTY + "=" + LogText.clean(administratorPath));
        } catch (IOException | RuntimeException e) {
            administrators = Status.failed(LIBRARY_PROPERTY + "=" + LogText.clean(administratorPath)
                    + " could not be read: " + LogText.clean(e.toString()), null);
        }
        if (administrators.loaded()) {
            LOG.info("presence: {}; loaded the library of {}={} instead", packaged.reason(), LIBRARY_PROPERTY,
                    LogText.clean(administratorPath));
            return administrators;
        }
        return Status.failed(packaged.reason() + "; and " + administrators.reason() + " (it must be a presence "
                + "library built for " + platform + ")", administrators.temporaryCopy());
    }

    /** Copies library to a new file in the temporary folder, loads it from there, deletes the file. */
    private static Status loadCopy(InputStream library, String source) {
        Path folder = Paths.get(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        Path copy = null;
        try {
            Files.createDirectories(folder);
            copy = Files.createTempFile(folder, "presence-", "-" + System.mapLibraryName(LIBRARY_NAME));
            Files.copy(library, copy, StandardCopyOption.REPLACE_EXISTING);
            PresenceCore.load(copy.toAbsolutePath().toString());
            return new Status(true, "the native core is loaded from " + source, copy);
        } catch (IOException | RuntimeException e) {
            return Status.failed(source + " could not be copied to the folder " + folder + " ("
                    + LogText.clean(e.toString()) + "); set the Java system property " + TMPDIR_PROPERTY
                    + " to a writable folder", copy);
        } catch (LinkageError e) {
            return Status.failed(source + " could not be loaded (" + LogText.clean(e.getMessage() != null
                    ? e.getMessage() : e.toString()) + "); if " + folder + " is mounted noexec, set the Java system property "
                    + TMPDIR_PROPERTY + " to a folder that is not", copy);
        } finally {
            deleteQuietly(copy);
        }
    }

    /** The platforms whose library the plugin carries, e.g. "linux-aarch64, linux-x86_64", or "none". */
    static String carried() {
        TreeSet<String> platforms = new TreeSet<>();
        try {
            CodeSource source = NativeLibrary.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            File file = location == null ? null : new File(location.toURI());
            if (file != null && file.isFile()) {
                try (JarFile jar = new JarFile(file)) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                        addPlatform(platforms, entries.nextElement().getName());
                    }
                }
            } else if (file != null && file.isDirectory() && new File(file, "native").isDirectory()) {
                try (Stream<Path> files = Files.walk(file.toPath().resolve("native"), 2)) {
                    List<String> names = new ArrayList<>();
                    files.filter(Files::isRegularFile).forEach(p -> names.add(file.toPath().relativize(p).toString()));
                    names.forEach(name -> addPlatform(platforms, name.replace(File.separatorChar, '/')));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown libraries: " + LogText.clean(e.toString());
        }
        return platforms.isEmpty() ? "no native library at all" : String.join(", ", platforms);
    }

    private static void addPlatform(TreeSet<String> platforms, String entry) {
        String[] parts = entry.split("/");
        if (parts.length == 3 && parts[0].equals("native") && !parts[2].isEmpty()) {
            platforms.add(parts[1]);
        }
    }

    private static void deleteQuietly(Path copy) {
        if (copy == null) {
            return;
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException | RuntimeException e) {
            LOG.warn("presence: could not delete the temporary native library {}: {}", copy, LogText.clean(e.toString()));
        }
    }
}

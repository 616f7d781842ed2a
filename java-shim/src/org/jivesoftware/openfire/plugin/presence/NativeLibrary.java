package org.jivesoftware.openfire.plugin.presence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native core packaged in the plugin as resource native/PLATFORM/LIBRARY. The library
 * is copied to a uniquely named temporary file, loaded from there and the file is deleted at
 * once, so every class loader (every load of the plugin) gets its own copy: a reloaded plugin
 * never hits "already loaded in another classloader". Never throws: failures become a reason.
 */
final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

    /** What loading gave: loaded, or a one-sentence reason why not; the temporary copy used. */
    record Status(boolean loaded, String reason, Path temporaryCopy) {
        static Status failed(String reason, Path temporaryCopy) {
            return new Status(false, reason, temporaryCopy);
        }
    }

    private NativeLibrary() {
    }

    /** Loads the library for the running platform. */
    static Status load() {
        return load(resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", "")));
    }

    /** Resource path of the library for a platform, e.g. native/linux-x86_64/libpresence.so. */
    static String resourceName(String osName, String osArch) {
        return "native/" + platformKey(osName, osArch) + "/" + System.mapLibraryName("presence");
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

    /** Loads the library found at resource (a class-loader resource name). */
    static Status load(String resource) {
        Path copy = null;
        try (InputStream library = NativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (library == null) {
                return Status.failed("this plugin has no native library for this platform ("
                        + resource + " is missing)", null);
            }
            copy = Files.createTempFile("presence-", "-" + System.mapLibraryName("presence"));
            Files.copy(library, copy, StandardCopyOption.REPLACE_EXISTING);
            PresenceCore.load(copy.toAbsolutePath().toString());
            return new Status(true, "the native core is loaded", copy);
        } catch (IOException e) {
            return Status.failed("the native library could not be copied to a temporary file: "
                    + LogText.clean(e.toString()), copy);
        } catch (UnsatisfiedLinkError e) {
            return Status.failed("the native library could not be loaded: " + LogText.clean(e.getMessage()), copy);
        } catch (RuntimeException | LinkageError e) {
            return Status.failed("the native library could not be loaded: " + LogText.clean(e.toString()), copy);
        } finally {
            deleteQuietly(copy);
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

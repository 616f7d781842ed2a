package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Test;

/**
 * Native loading as a reloaded plugin sees it: each plugin class loader over the shim jar loads
 * its own temporary copy of the library (no "already loaded in another classloader"), the copy
 * is deleted, and a shim without the library reports why instead of failing; an administrator's
 * library (presence.native.library) for a platform the shim lacks; the temporary folder
 * (presence.native.tmpdir).
 */
public class NativeLoadingTest {
    private static final String PACKAGE = "org.jivesoftware.openfire.plugin.presence.";

    /** A class loader like Openfire's plugin loader: the given jars or folders, and slf4j. */
    private static URLClassLoader pluginLoader(Object... locations) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Object location : locations) {
            urls.add(location instanceof Path path ? path.toUri().toURL() : new File((String) location).toURI().toURL());
        }
        urls.add(new File(System.getProperty("slf4j.api.jar")).toURI().toURL());
        urls.add(new File(System.getProperty("slf4j.nop.jar")).toURI().toURL());
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static Method method(Class<?> owner, String name, Class<?>... parameters) throws Exception {
        Method method = owner.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }

    /** NativeLibrary.load() inside loader, as a Status (loaded, reason, temporaryCopy). */
    private static Object load(ClassLoader loader) throws Exception {
        Class<?> nativeLibrary = Class.forName(PACKAGE + "NativeLibrary", true, loader);
        return method(nativeLibrary, "load").invoke(null);
    }

    private static Object component(Object status, String name) throws Exception {
        return method(status.getClass(), name).invoke(status);
    }

    /** The text answer of loader's PresenceCore for a public available user with status text. */
    private static String resolveText(ClassLoader loader, String statusText) throws Exception {
        TestNative.Call call = TestNative.localUser("alice@example.com").param("type", "text")
            .flags(PresenceCore.FLAG_AVAILABLE).set(PresenceCore.FIELD_STATUS_TEXT, statusText);
        Class<?> core = Class.forName(PACKAGE + "PresenceCore", true, loader);
        byte[] encoded = (byte[]) method(core, "resolve", byte[].class, int.class, int.class)
            .invoke(null, PresenceCore.pack(call.fields), call.flags, call.priority);
        CoreAnswer answer = CoreAnswer.decode(encoded);
        assertEquals(200, answer.status());
        return new String(answer.body(), answer.bodyOffset(), answer.bodyLength(), StandardCharsets.UTF_8);
    }

    @Test
    public void twoPluginClassLoadersEachLoadTheirOwnCopy() throws Exception {
        String shimJar = System.getProperty("presence.shim.jar");
        try (URLClassLoader first = pluginLoader(shimJar); URLClassLoader second = pluginLoader(shimJar)) {
            Object firstStatus = load(first);
            Object secondStatus = load(second);
            assertTrue("first load: " + component(firstStatus, "reason"), (Boolean) component(firstStatus, "loaded"));
            assertTrue("second load: " + component(secondStatus, "reason"), (Boolean) component(secondStatus, "loaded"));
            assertNotSame(Class.forName(PACKAGE + "PresenceCore", false, first),
                          Class.forName(PACKAGE + "PresenceCore", false, second));
            Path firstCopy = (Path) component(firstStatus, "temporaryCopy");
            Path secondCopy = (Path) component(secondStatus, "temporaryCopy");
            assertNotNull(firstCopy);
            assertFalse("each load uses its own file", firstCopy.equals(secondCopy));
            assertFalse("temporary copy deleted: " + firstCopy, Files.exists(firstCopy));
            assertFalse("temporary copy deleted: " + secondCopy, Files.exists(secondCopy));
            assertEquals("from the first loader", resolveText(first, "from the first loader"));
            assertEquals("from the second loader", resolveText(second, "from the second loader"));
        }
    }

    @Test
    public void aShimWithoutTheLibraryReportsWhy() throws Exception {
        try (URLClassLoader classesOnly = pluginLoader(System.getProperty("presence.shim.classes"))) {
            Object status = load(classesOnly);
            assertFalse((Boolean) component(status, "loaded"));
            String reason = (String) component(status, "reason");
            assertTrue(reason, reason.contains("no native library for this platform"));
            assertTrue(reason, reason.contains(NativeLibrary.resourceName(System.getProperty("os.name"),
                System.getProperty("os.arch"))));
            assertNull("nothing was copied", component(status, "temporaryCopy"));
        }
    }

    @Test
    public void aLibraryThatDoesNotLoadReportsWhyAndItsCopyIsDeleted() throws Exception {
        Path resources = Files.createTempDirectory("presence-test-");
        Path notALibrary = resources.resolve("native/test/libpresence.so");
        Files.createDirectories(notALibrary.getParent());
        Files.writeString(notALibrary, "this is not an ELF file");
        try (URLClassLoader loader = pluginLoader(System.getProperty("presence.shim.classes"), resources)) {
            Class<?> nativeLibrary = Class.forName(PACKAGE + "NativeLibrary", true, loader);
            Object status = method(nativeLibrary, "load", String.class).invoke(null, "native/test/libpresence.so");
            assertFalse((Boolean) component(status, "loaded"));
            String reason = (String) component(status, "reason");
            assertTrue(reason, reason.startsWith("the plugin's native/test/libpresence.so could not be loaded ("));
            assertTrue(reason, reason.contains("set the Java system property presence.native.tmpdir"));
            assertTrue(reason, reason.contains("set the Java system property presence.native.library to its path"));
            assertFalse("one line", reason.contains("\n"));
            Path copy = (Path) component(status, "temporaryCopy");
            assertNotNull(copy);
            assertFalse("temporary copy deleted after the failure: " + copy, Files.exists(copy));
        } finally {
            Files.delete(notALibrary);
            Files.delete(notALibrary.getParent());
            Files.delete(notALibrary.getParent().getParent());
            Files.delete(resources);
        }
    }

    /** Runs body with the system property set to value (null: cleared), then restores it. */
    private static void withProperty(String name, String value, Callable body) throws Exception {
        String old = System.getProperty(name);
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
        try {
            body.call();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }

    private interface Callable {
        void call() throws Exception;
    }

    /** This platform's library, extracted from the shim jar to a new temporary file. */
    private static Path extractedLibrary() throws Exception {
        String resource = NativeLibrary.resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
        Path file = Files.createTempFile("presence-test-admin-", "-" + System.mapLibraryName("presence"));
        try (ZipFile shim = new ZipFile(System.getProperty("presence.shim.jar"))) {
            ZipEntry entry = shim.getEntry(resource);
            assertNotNull(resource + " in the shim jar", entry);
            try (InputStream in = shim.getInputStream(entry)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return file;
    }

    @Test
    public void theAdministratorsLibraryLoadsWhenThePluginHasNoneForThePlatform() throws Exception {
        Path library = extractedLibrary();
        try {
            withProperty(NativeLibrary.LIBRARY_PROPERTY, library.toString(), () -> {
                try (URLClassLoader classesOnly = pluginLoader(System.getProperty("presence.shim.classes"))) {
                    Object status = load(classesOnly);
                    assertTrue("loaded: " + component(status, "reason"), (Boolean) component(status, "loaded"));
                    assertTrue((String) component(status, "reason"),
                        ((String) component(status, "reason")).contains("presence.native.library=" + library));
                    Path copy = (Path) component(status, "temporaryCopy");
                    assertFalse("the administrator's file is loaded from a copy", library.equals(copy));
                    assertFalse("temporary copy deleted: " + copy, Files.exists(copy));
                    assertTrue("the administrator's file stays", Files.exists(library));
                    assertEquals("from the administrator's library", resolveText(classesOnly, "from the administrator's library"));
                }
            });
        } finally {
            Files.delete(library);
        }
    }

    @Test
    public void aMissingAdministratorsLibraryIsNamedInTheReason() throws Exception {
        String platform = NativeLibrary.platformKey(System.getProperty("os.name"), System.getProperty("os.arch"));
        withProperty(NativeLibrary.LIBRARY_PROPERTY, "/no/such/libpresence.so", () -> {
            try (URLClassLoader classesOnly = pluginLoader(System.getProperty("presence.shim.classes"))) {
                Object status = load(classesOnly);
                assertFalse((Boolean) component(status, "loaded"));
                String reason = (String) component(status, "reason");
                assertTrue(reason, reason.startsWith("this plugin has no native library for this platform, " + platform));
                assertTrue(reason, reason.contains("it carries no native library at all"));
                assertTrue(reason, reason.contains("presence.native.library=/no/such/libpresence.so could not be read"));
                assertTrue(reason, reason.contains("built for " + platform));
                assertFalse("one line", reason.contains("\n"));
            }
        });
    }

    @Test
    public void theReasonNamesThePlatformAndWhatThePluginCarries() throws Exception {
        List<String> carried = new ArrayList<>();
        try (ZipFile shim = new ZipFile(System.getProperty("presence.shim.jar"))) {
            shim.stream().map(ZipEntry::getName).filter(n -> n.matches("native/[^/]+/[^/]+"))
                .map(n -> n.split("/")[1]).sorted().forEach(carried::add);
        }
        assertTrue("the shim carries libraries: " + carried, carried.size() >= 1);
        withProperty(NativeLibrary.LIBRARY_PROPERTY, null, () -> {
            try (URLClassLoader loader = pluginLoader(System.getProperty("presence.shim.jar"))) {
                Class<?> nativeLibrary = Class.forName(PACKAGE + "NativeLibrary", true, loader);
                Object status = method(nativeLibrary, "load", String.class).invoke(null, "native/sunos-sparcv9/libpresence.so");
                String reason = (String) component(status, "reason");
                assertEquals("this plugin has no native library for this platform, sunos-sparcv9 "
                    + "(native/sunos-sparcv9/libpresence.so is missing; it carries " + String.join(", ", carried)
                    + "); to use a presence library built for sunos-sparcv9, set the Java system property "
                    + "presence.native.library to its path and restart Openfire", reason);
            }
        });
    }

    @Test
    public void theTemporaryCopyGoesToTheConfiguredFolder() throws Exception {
        Path folder = Files.createTempDirectory("presence-test-tmpdir-");
        try {
            withProperty(NativeLibrary.TMPDIR_PROPERTY, folder.toString(), () -> {
                try (URLClassLoader loader = pluginLoader(System.getProperty("presence.shim.jar"))) {
                    Object status = load(loader);
                    assertTrue("loaded: " + component(status, "reason"), (Boolean) component(status, "loaded"));
                    Path copy = (Path) component(status, "temporaryCopy");
                    assertEquals(folder, copy.getParent());
                    assertFalse("temporary copy deleted: " + copy, Files.exists(copy));
                }
            });
            try (Stream<Path> left = Files.list(folder)) {
                assertEquals("nothing left in the folder", 0, left.count());
            }
        } finally {
            Files.delete(folder);
        }
    }

    @Test
    public void anUnwritableTemporaryFolderIsNamedInTheReason() throws Exception {
        Path notAFolder = Files.createTempFile("presence-test-not-a-folder-", ".txt");
        try {
            withProperty(NativeLibrary.TMPDIR_PROPERTY, notAFolder.toString(), () -> {
                try (URLClassLoader loader = pluginLoader(System.getProperty("presence.shim.jar"))) {
                    Object status = load(loader);
                    assertFalse((Boolean) component(status, "loaded"));
                    String reason = (String) component(status, "reason");
                    assertTrue(reason, reason.contains("could not be copied to the folder " + notAFolder));
                    assertTrue(reason, reason.contains("set the Java system property presence.native.tmpdir to a writable folder"));
                }
            });
        } finally {
            Files.delete(notAFolder);
        }
    }

    @Test
    public void platformKeysAreNormalised() {
        assertEquals("linux-x86_64", NativeLibrary.platformKey("Linux", "amd64"));
        assertEquals("linux-x86_64", NativeLibrary.platformKey("Linux", "x86_64"));
        assertEquals("linux-aarch64", NativeLibrary.platformKey("Linux", "aarch64"));
        assertEquals("macos-aarch64", NativeLibrary.platformKey("Mac OS X", "arm64"));
        assertEquals("windows-x86_64", NativeLibrary.platformKey("Windows 11", "amd64"));
        assertEquals("sunos-sparcv9", NativeLibrary.platformKey("SunOS", "sparcv9"));
        assertEquals("native/linux-x86_64/" + System.mapLibraryName("presence"),
            NativeLibrary.resourceName("Linux", "amd64"));
    }
}

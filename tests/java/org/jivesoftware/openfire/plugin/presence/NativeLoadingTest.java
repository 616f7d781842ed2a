package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Native loading as a reloaded plugin sees it: each plugin class loader over the shim jar loads
 * its own temporary copy of the library (no "already loaded in another classloader"), the copy
 * is deleted, and a shim without the library reports why instead of failing.
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

    /** NativeLibrary.load() inside loader, as a Status record (loaded, reason, temporaryCopy). */
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
            assertTrue(reason, reason.startsWith("the native library could not be loaded"));
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

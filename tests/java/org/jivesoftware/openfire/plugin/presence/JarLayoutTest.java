package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * build/presence.jar has the layout Openfire expects, and ships no class of Openfire, Tinder,
 * the servlet API or slf4j (Openfire provides those): only the plugin's own package, as Java 8 byte code.
 */
public class JarLayoutTest {
    private static final String OWN_PACKAGE = "org/jivesoftware/openfire/plugin/presence/";
    private static final List<String> STATUS_NAMES = List.of("available", "chat", "away", "xa", "dnd", "offline", "forbidden");
    /** Every packaged class is Java 8 byte code (build.xml shim.release): Openfire 4.5 to 4.7 run on Java 8. */
    private static final int CLASS_MAJOR_VERSION = 52;
    /** plugin.xml's minJavaVersion for that: Openfire refuses to load the plugin on an older Java. */
    private static final String MIN_JAVA_VERSION = "1.8";

    private static Map<String, byte[]> plugin;
    private static Map<String, byte[]> shim;

    @BeforeClass
    public static void readJars() throws IOException {
        plugin = new LinkedHashMap<>();
        try (ZipFile jar = new ZipFile(System.getProperty("presence.jar"))) {
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                try (InputStream in = jar.getInputStream(entry)) {
                    plugin.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        assertTrue("lib/presence-shim.jar missing from presence.jar", plugin.containsKey("lib/presence-shim.jar"));
        shim = entries(plugin.get("lib/presence-shim.jar"));
    }

    private static void assertHas(Map<String, byte[]> jar, String jarName, String entry) {
        assertTrue(entry + " missing from " + jarName, jar.containsKey(entry));
        assertTrue(entry + " is empty in " + jarName, entry.endsWith("/") || jar.get(entry).length > 0);
    }

    @Test
    public void pluginFilesAreAtTheRoot() {
        for (String entry : List.of("plugin.xml", "readme.html", "changelog.html", "logo_small.gif", "logo_large.gif",
                "lib/presence-shim.jar", "web/WEB-INF/web.xml", "i18n/presence_i18n.properties")) {
            assertHas(plugin, "presence.jar", entry);
        }
        for (String status : STATUS_NAMES) {
            assertHas(plugin, "presence.jar", "web/images/" + status + ".png");
        }
    }

    @Test
    public void shimHoldsTheClassesAndTheNativeLibrary() {
        for (String name : List.of("PresencePlugin", "PresenceStatusServlet", "PresenceAdminServlet", "PresenceCore",
                "NativeLibrary", "StatusRequestFacts", "ComponentPresenceProbe")) {
            assertHas(shim, "presence-shim.jar", OWN_PACKAGE + name + ".class");
        }
    }

    /** The platforms the build packed: -Dnative.platforms, else one per cmake/toolchain-PLATFORM.cmake. */
    private static List<String> expectedPlatforms() throws IOException {
        String asked = System.getProperty("presence.native.platforms", "").trim();
        if (!asked.isEmpty()) {
            return Arrays.asList(asked.split("\\s+"));
        }
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("presence.root"), "cmake"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("toolchain-.*\\.cmake"))
                .map(n -> n.substring("toolchain-".length(), n.length() - ".cmake".length())).sorted().toList();
        }
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    /** What the library's header says it is, as "ELF <machine>" or "PE <machine>" (little endian). */
    private static String binaryKind(byte[] library) {
        if (library.length > 20 && library[0] == 0x7F && library[1] == 'E' && library[2] == 'L' && library[3] == 'F') {
            return "ELF " + u16(library, 18);
        }
        if (library.length > 0x40 && library[0] == 'M' && library[1] == 'Z') {
            int pe = u16(library, 0x3C) | u16(library, 0x3E) << 16;
            if (pe > 0 && pe + 6 < library.length && library[pe] == 'P' && library[pe + 1] == 'E') {
                return "PE " + u16(library, pe + 4);
            }
        }
        return "unknown";
    }

    @Test
    public void shimHoldsOneLibraryPerPlatformBuiltForIt() throws IOException {
        // file names as System.mapLibraryName gives them there; machines as ELF e_machine / PE Machine
        Map<String, String> names = Map.of("linux", "libpresence.so", "windows", "presence.dll", "macos", "libpresence.dylib");
        Map<String, String> kinds = Map.of("linux-x86_64", "ELF 62", "linux-aarch64", "ELF 183", "windows-x86_64", "PE 34404");
        List<String> expected = new ArrayList<>();
        for (String platform : expectedPlatforms()) {
            String entry = "native/" + platform + "/" + names.get(platform.substring(0, platform.indexOf('-')));
            expected.add(entry);
            assertHas(shim, "presence-shim.jar", entry);
            if (kinds.containsKey(platform)) {
                assertEquals(entry + " is built for " + platform, kinds.get(platform), binaryKind(shim.get(entry)));
            }
        }
        List<String> packed = shim.keySet().stream().filter(e -> e.startsWith("native/") && !e.endsWith("/")).sorted().toList();
        assertEquals("the native libraries in presence-shim.jar", expected.stream().sorted().toList(), packed);
        assertTrue("this machine's platform is packed: " + packed,
            packed.contains(NativeLibrary.resourceName(System.getProperty("os.name"), System.getProperty("os.arch"))));
    }

    @Test
    public void noForeignClassesAnywhere() {
        List<String> foreign = new ArrayList<>();
        for (Map.Entry<String, Map<String, byte[]>> jar : Map.of("presence.jar", plugin, "presence-shim.jar", shim).entrySet()) {
            for (String entry : jar.getValue().keySet()) {
                boolean isClass = entry.endsWith(".class");
                boolean apiPackage = entry.startsWith("org/jivesoftware/") || entry.startsWith("org/xmpp/")
                    || entry.startsWith("javax/") || entry.startsWith("jakarta/") || entry.startsWith("org/slf4j/")
                    || entry.startsWith("org/dom4j/");
                boolean ownPackageFolder = entry.endsWith("/") && OWN_PACKAGE.startsWith(entry);
                if ((isClass || apiPackage) && !entry.startsWith(OWN_PACKAGE) && !ownPackageFolder) {
                    foreign.add(jar.getKey() + ": " + entry);
                }
            }
        }
        assertTrue("classes other than the plugin's own package: " + foreign, foreign.isEmpty());
        List<String> nestedJars = plugin.keySet().stream().filter(e -> e.endsWith(".jar")).toList();
        assertEquals("the only library jar", List.of("lib/presence-shim.jar"), nestedJars);
        assertTrue("no classes/ folder: the shim is lib/presence-shim.jar",
            plugin.keySet().stream().noneMatch(e -> e.startsWith("classes/")));
    }

    /** The entries of a jar held in memory. */
    private static Map<String, byte[]> entries(byte[] jarBytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(jarBytes))) {
            for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
                entries.put(entry.getName(), jar.readAllBytes());
            }
        }
        return entries;
    }

    /** Adds "JAR!ENTRY" -> class-file major version for every .class in jar and in the jars it nests. */
    private static void classVersions(String jarName, Map<String, byte[]> jar, Map<String, Integer> versions)
            throws IOException {
        for (Map.Entry<String, byte[]> entry : jar.entrySet()) {
            String name = jarName + "!" + entry.getKey();
            byte[] bytes = entry.getValue();
            if (entry.getKey().endsWith(".class")) {
                assertTrue(name + " is a class file", bytes.length >= 8 && (bytes[0] & 0xFF) == 0xCA
                    && (bytes[1] & 0xFF) == 0xFE && (bytes[2] & 0xFF) == 0xBA && (bytes[3] & 0xFF) == 0xBE);
                versions.put(name, (bytes[6] & 0xFF) << 8 | (bytes[7] & 0xFF));
            } else if (entry.getKey().endsWith(".jar")) {
                classVersions(name, entries(bytes), versions);
            }
        }
    }

    @Test
    public void everyClassIsJava8ByteCode() throws IOException {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        classVersions("presence.jar", plugin, versions);
        long shimClasses = shim.keySet().stream().filter(e -> e.endsWith(".class")).count();
        assertTrue("presence-shim.jar holds classes", shimClasses > 0);
        assertEquals("every class of presence.jar and its nested jars was read", shimClasses,
            versions.keySet().stream().filter(e -> e.startsWith("presence.jar!lib/presence-shim.jar!")).count());
        assertTrue(versions.containsKey("presence.jar!lib/presence-shim.jar!" + OWN_PACKAGE + "PresenceCore.class"));
        Map<String, Integer> wrong = new java.util.TreeMap<>(versions);
        wrong.values().removeIf(major -> major == CLASS_MAJOR_VERSION);
        assertTrue("classes whose class-file major version is not " + CLASS_MAJOR_VERSION + " (Java 8): " + wrong,
            wrong.isEmpty());
    }

    @Test
    public void logosAreGifsOfTheRightSize() {
        assertGif("logo_small.gif", 16);
        assertGif("logo_large.gif", 32);
    }

    private static void assertGif(String entry, int size) {
        byte[] gif = plugin.get(entry);
        assertEquals(entry, "GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        assertEquals(entry + " width", size, (gif[6] & 0xFF) | (gif[7] & 0xFF) << 8);
        assertEquals(entry + " height", size, (gif[8] & 0xFF) | (gif[9] & 0xFF) << 8);
        assertEquals(entry + " trailer", 0x3B, gif[gif.length - 1]);
    }

    private static Document xml(String entry) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(plugin.get(entry)));
    }

    private static String text(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        assertEquals("one <" + tag + ">", 1, nodes.getLength());
        return nodes.item(0).getTextContent().trim();
    }

    @Test
    public void pluginXmlNamesTheShimsClassAndTheAdminPage() throws Exception {
        Document pluginXml = xml("plugin.xml");
        String pluginClass = text(pluginXml, "class");
        assertHas(shim, "presence-shim.jar", pluginClass.replace('.', '/') + ".class");
        assertEquals("Presence Service", text(pluginXml, "name"));
        String version = text(pluginXml, "version");
        assertTrue(version, version.matches("[0-9]+\\.[0-9]+\\.[0-9]+"));
        String changelog = new String(plugin.get("changelog.html"), StandardCharsets.UTF_8);
        int newest = changelog.indexOf("<h2>");
        assertTrue("changelog.html's newest entry is plugin.xml's version " + version,
                newest >= 0 && changelog.startsWith("<h2>" + version + " ", newest));
        assertEquals("4.5.0", text(pluginXml, "minServerVersion"));
        assertEquals(MIN_JAVA_VERSION, text(pluginXml, "minJavaVersion"));
        Element item = (Element) pluginXml.getElementsByTagName("item").item(0);
        assertEquals("presence-service", item.getAttribute("id"));
        assertEquals("presence-service.jsp", item.getAttribute("url"));
        assertEquals("sidebar-server-settings", ((Element) item.getParentNode()).getAttribute("id"));
        assertEquals("tab-server", ((Element) item.getParentNode().getParentNode()).getAttribute("id"));

        Properties texts = new Properties();
        texts.load(new java.io.StringReader(new String(plugin.get("i18n/presence_i18n.properties"), StandardCharsets.UTF_8)));
        Matcher key = Pattern.compile("\\$\\{([^}]+)}").matcher(new String(plugin.get("plugin.xml"), StandardCharsets.UTF_8));
        int keys = 0;
        while (key.find()) {
            keys++;
            assertTrue("plugin.xml uses an i18n key missing from presence_i18n.properties: " + key.group(1),
                texts.containsKey(key.group(1)));
        }
        assertTrue("the admin item's name is translated", keys >= 1);
    }

    @Test
    public void webXmlMapsTheTwoServletsToShimClasses() throws Exception {
        Document webXml = xml("web/WEB-INF/web.xml");
        Map<String, String> classByName = new LinkedHashMap<>();
        NodeList servlets = webXml.getElementsByTagName("servlet");
        for (int i = 0; i < servlets.getLength(); i++) {
            Element servlet = (Element) servlets.item(i);
            classByName.put(servlet.getElementsByTagName("servlet-name").item(0).getTextContent().trim(),
                servlet.getElementsByTagName("servlet-class").item(0).getTextContent().trim());
        }
        Map<String, String> classByPattern = new LinkedHashMap<>();
        NodeList mappings = webXml.getElementsByTagName("servlet-mapping");
        for (int i = 0; i < mappings.getLength(); i++) {
            Element mapping = (Element) mappings.item(i);
            classByPattern.put(mapping.getElementsByTagName("url-pattern").item(0).getTextContent().trim(),
                classByName.get(mapping.getElementsByTagName("servlet-name").item(0).getTextContent().trim()));
        }
        assertEquals(Map.of("/status", PresenceStatusServlet.class.getName(),
            "/presence-service.jsp", PresenceAdminServlet.class.getName()), classByPattern);
        for (String servletClass : classByPattern.values()) {
            assertHas(shim, "presence-shim.jar", servletClass.replace('.', '/') + ".class");
        }
    }
}

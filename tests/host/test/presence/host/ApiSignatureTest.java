/* The runtime declares exactly the Openfire/Tinder classes of notes/openfire-api.md, and every
 * public member it has exists with the identical signature in Openfire 4.5.0 (javap against the
 * real jars, when present on this machine). */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.Test;

public class ApiSignatureTest {
    private static final Path REAL = Path.of("/tmp/openfire-real/pristine/openfire/lib");
    private static final List<String> API_CLASSES = List.of(
            "org.jivesoftware.admin.AuthCheckFilter", "org.jivesoftware.openfire.PresenceManager",
            "org.jivesoftware.openfire.XMPPServer", "org.jivesoftware.openfire.XMPPServerInfo",
            "org.jivesoftware.openfire.container.Plugin", "org.jivesoftware.openfire.container.PluginManager",
            "org.jivesoftware.openfire.user.User", "org.jivesoftware.openfire.user.UserManager",
            "org.jivesoftware.openfire.user.UserNotFoundException", "org.jivesoftware.util.JiveGlobals",
            "org.xmpp.component.Component", "org.xmpp.component.ComponentException",
            "org.xmpp.component.ComponentManager", "org.xmpp.component.ComponentManagerFactory",
            "org.xmpp.packet.JID", "org.xmpp.packet.Packet", "org.xmpp.packet.Presence",
            "org.xmpp.packet.Presence$Show", "org.xmpp.packet.Presence$Type");

    private static Path runtimeJar() {
        return Path.of(System.getProperty("presence.host.runtime.jar", "build/host/openfire-runtime.jar"));
    }

    @Test
    public void theRuntimeHasExactlyTheApiClasses() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        try (JarFile jar = new JarFile(runtimeJar().toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - 6).replace('/', '.')).forEach(found::add);
        }
        assertEquals(new TreeSet<>(API_CLASSES), found);
    }

    @Test
    public void everyPublicMemberExistsInOpenfire450() throws Exception {
        boolean present = Files.isRegularFile(REAL.resolve("xmppserver-4.5.0.jar")) && Files.isRegularFile(REAL.resolve("tinder-2.0.0.jar"));
        if (!present) {
            System.out.println("SKIPPED everyPublicMemberExistsInOpenfire450: the real Openfire jars are not in " + REAL);
        }
        assumeTrue("real Openfire 4.5.0 jars not present in " + REAL, present);
        Map<String, List<String>> mine = javap(runtimeJar().toString(), API_CLASSES);
        Map<String, List<String>> real = new HashMap<>();
        real.putAll(javap(REAL.resolve("xmppserver-4.5.0.jar").toString(),
                API_CLASSES.stream().filter(n -> n.startsWith("org.jivesoftware.")).toList()));
        real.putAll(javap(REAL.resolve("tinder-2.0.0.jar").toString(),
                API_CLASSES.stream().filter(n -> n.startsWith("org.xmpp.")).toList()));
        List<String> problems = new ArrayList<>();
        for (String name : API_CLASSES) {
            List<String> ours = mine.get(name);
            List<String> theirs = real.get(name);
            String header = ours.get(0).replace(" {", "");
            if (!theirs.get(0).startsWith(header)) {
                problems.add(name + ": declared as '" + ours.get(0) + "', Openfire: '" + theirs.get(0) + "'");
            }
            for (String member : ours.subList(1, ours.size())) {
                if (!theirs.contains(member)) {
                    problems.add(name + ": '" + member + "' is not in Openfire 4.5.0");
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    /** javap -public of classes: class name -> its declaration line, then one line per member. */
    private static Map<String, List<String>> javap(String classPath, List<String> classes) throws Exception {
        List<String> command = new ArrayList<>(List.of("javap", "-public", "-cp", classPath));
        command.addAll(classes);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("javap: " + output, 0, process.waitFor());
        Map<String, List<String>> declarations = new HashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("Compiled from")) {
                continue;
            }
            if (trimmed.equals("}")) {
                current = null;
            } else if (current == null) {
                current = new ArrayList<>();
                String name = Pattern.compile("(?:class|interface) (\\S+)").matcher(trimmed).results()
                        .map(m -> m.group(1).replaceAll("<.*", "")).findFirst().orElse(trimmed);
                declarations.put(name, current);
                current.add(trimmed);
            } else {
                current.add(trimmed);
            }
        }
        assertEquals("javap output for " + classes, new TreeSet<>(classes), new TreeSet<>(declarations.keySet()));
        return declarations;
    }
}

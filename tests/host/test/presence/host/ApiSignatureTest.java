/* The runtime declares exactly the Openfire/Tinder classes of notes/openfire-api.md, and every
 * public or protected member it has exists with the identical signature in Openfire 4.5.0, as recorded
 * in java-shim/openfire-api/openfire-4.5.0-signatures.txt (where the real jars are on this machine,
 * that record is also checked against them). */
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
import org.junit.Test;

public class ApiSignatureTest {
    private static final Path REAL = Path.of("/tmp/openfire-real/pristine/openfire/lib");
    private static final Path ROOT = Path.of(System.getProperty("presence.host.root", "."));
    private static final Path RECORDED = ROOT.resolve("java-shim/openfire-api/openfire-4.5.0-signatures.txt");
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
        Map<String, List<String>> mine = javap(runtimeJar().toString(), API_CLASSES);
        Map<String, List<String>> real = declarations(Files.readString(RECORDED));
        assertEquals("classes recorded in " + RECORDED, new TreeSet<>(API_CLASSES), new TreeSet<>(real.keySet()));
        List<String> problems = new ArrayList<>();
        for (String name : API_CLASSES) {
            List<String> ours = mine.get(name);
            List<String> theirs = real.get(name);
            String header = ours.get(0).replace(" {", "");
            if (!theirs.get(0).startsWith(header + " ") && !theirs.get(0).startsWith(header + ",")) {
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

    /** Only where the real jars are (never in CI): the committed record is what the recording script
     *  writes from them now. */
    @Test
    public void theRecordedSignaturesAreTheRealJarsOnes() throws Exception {
        boolean present = Files.isRegularFile(REAL.resolve("xmppserver-4.5.0.jar")) && Files.isRegularFile(REAL.resolve("tinder-2.0.0.jar"));
        if (!present) {
            System.out.println("SKIPPED theRecordedSignaturesAreTheRealJarsOnes: the real Openfire jars are not in " + REAL);
        }
        assumeTrue("real Openfire 4.5.0 jars not present in " + REAL, present);
        Path fresh = Files.createTempFile("openfire-signatures-", ".txt");
        try {
            Process record = new ProcessBuilder("bash", ROOT.resolve("java-shim/openfire-api/record-signatures.sh").toString(),
                    REAL.toString(), fresh.toString()).redirectErrorStream(true).start();
            String output = new String(record.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("record-signatures.sh: " + output, 0, record.waitFor());
            assertEquals(RECORDED + " is stale: run java-shim/openfire-api/record-signatures.sh (" + output.trim() + ")",
                    Files.readString(RECORDED), Files.readString(fresh));
        } finally {
            Files.delete(fresh);
        }
    }

    /** javap -protected of classes: class name -> its declaration line, then one line per member. */
    private static Map<String, List<String>> javap(String classPath, List<String> classes) throws Exception {
        List<String> command = new ArrayList<>(List.of("javap", "-protected", "-cp", classPath));
        command.addAll(classes);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("javap: " + output, 0, process.waitFor());
        Map<String, List<String>> declarations = declarations(output);
        assertEquals("javap output for " + classes, new TreeSet<>(classes), new TreeSet<>(declarations.keySet()));
        return declarations;
    }

    /** javap text or the recorded file -> class name -> declaration line, then member lines
     *  ("#" comments, "Compiled from" and blank lines skipped). */
    private static Map<String, List<String>> declarations(String javapText) {
        Map<String, List<String>> declarations = new HashMap<>();
        List<String> current = null;
        for (String line : javapText.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("Compiled from")) {
                continue;
            }
            if (trimmed.equals("}")) {
                current = null;
            } else if (current == null) {
                current = new ArrayList<>(List.of(trimmed));
                declarations.put(trimmed.replaceFirst(".*?(class|interface) ", "").replaceFirst("[< ].*", ""), current);
            } else {
                current.add(trimmed);
            }
        }
        return declarations;
    }
}

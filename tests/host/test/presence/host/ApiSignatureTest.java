/* The runtime declares exactly the Openfire/Tinder classes of notes/openfire-api.md, and every
 * public or protected member it has exists with the identical signature in the Openfire version of
 * every line the host plays (OpenfireLine.recordedVersion), as recorded in
 * java-shim/openfire-api/openfire-VERSION-signatures.txt (where the real 4.5.0 jars are on this
 * machine, that record is also checked against them). */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.Test;
import presence.signatures.RecordedSignatures;

public class ApiSignatureTest {
    private static final Path REAL = Path.of("/tmp/openfire-real/pristine/openfire/lib");
    private static final Path ROOT = Path.of(System.getProperty("presence.host.root", "."));
    private static final Path RECORDED = ROOT.resolve("java-shim/openfire-api/openfire-4.5.0-signatures.txt");
    private static final List<String> API_CLASSES = List.of(
            "org.jivesoftware.admin.AuthCheckFilter", "org.jivesoftware.openfire.PresenceManager",
            "org.jivesoftware.openfire.XMPPServer", "org.jivesoftware.openfire.XMPPServerInfo",
            "org.jivesoftware.openfire.commands.AdHocCommand", "org.jivesoftware.openfire.commands.AdHocCommand$Action",
            "org.jivesoftware.openfire.commands.AdHocCommandHandler", "org.jivesoftware.openfire.commands.SessionData",
            "org.jivesoftware.openfire.container.Plugin", "org.jivesoftware.openfire.container.PluginManager",
            "org.jivesoftware.openfire.user.User", "org.jivesoftware.openfire.user.UserManager",
            "org.jivesoftware.openfire.user.UserNotFoundException", "org.jivesoftware.openfire.vcard.VCardManager",
            "org.jivesoftware.util.JiveGlobals",
            "org.jivesoftware.util.SystemProperty", "org.jivesoftware.util.SystemProperty$Builder",
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
    public void everyPublicMemberExistsInTheOpenfireOfEveryPlayedLine() throws Exception {
        Map<String, List<String>> mine = RecordedSignatures.javap(runtimeJar().toString(), API_CLASSES);
        assertEquals("classes javap described", new TreeSet<>(API_CLASSES), new TreeSet<>(mine.keySet()));
        Map<String, Path> recorded = RecordedSignatures.lines(ROOT.resolve("java-shim/openfire-api"));
        List<String> problems = new ArrayList<>();
        for (OpenfireLine line : OpenfireLine.values()) {
            Path record = recorded.get(line.recordedVersion());
            assertTrue("no record of Openfire " + line.recordedVersion() + " for line " + line.lineName(), record != null);
            Map<String, List<String>> real = RecordedSignatures.parse(Files.readString(record));
            assertEquals("classes recorded in " + record, new TreeSet<>(API_CLASSES), new TreeSet<>(real.keySet()));
            problems.addAll(RecordedSignatures.problems(mine, real, "Openfire " + line.recordedVersion(), Set.of()));
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
}

package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Test;
import presence.signatures.RecordedSignatures;

/**
 * The compile-time mirror (java-shim/openfire-api/src, compiled into build/ant/api-classes) is what
 * every supported Openfire line declares: javap of every mirror class is checked against each
 * recorded line in java-shim/openfire-api/openfire-*-signatures.txt (4.5.0 from the real jars,
 * 4.6.8 ... 5.1.1 and main from the source at the tag; no Openfire needed here). The shim is
 * compiled against the mirror, so it links on every line, except for the members of CALLED_BY_NAME:
 * those differ on some line, and the shim must call them by reflection, never directly.
 */
public class OpenfireApiMirrorTest {
    private static final Path ROOT = Path.of(System.getProperty("presence.root", "."));
    private static final Path API = ROOT.resolve("java-shim/openfire-api");
    /** The lines presence.jar supports; each must have a record. */
    private static final List<String> SUPPORTED = List.of("4.5.0", "4.6.8", "4.7.5", "4.8.3", "4.9.2", "5.0.5", "5.1.1", "main");
    /**
     * "CLASS|name(parameter types)" of mirror members that differ between lines and that the shim
     * calls by name: JiveGlobals.setProperty returns void up to 5.1.1 and the previous value on main.
     */
    static final Set<String> CALLED_BY_NAME = Set.of("org.jivesoftware.util.JiveGlobals|setProperty(java.lang.String, java.lang.String)");

    private static Path mirror() {
        return Path.of(System.getProperty("presence.api.classes", ROOT.resolve("build/ant/api-classes").toString()));
    }

    private static List<String> classesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(file -> folder.relativize(file).toString()).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - 6).replace('/', '.')).sorted().toList();
        }
    }

    @Test
    public void everySupportedLineIsRecorded() throws Exception {
        assertEquals(SUPPORTED, new ArrayList<>(RecordedSignatures.lines(API).keySet()));
    }

    @Test
    public void everyMirrorDeclarationIsTheSameOnEveryRecordedLine() throws Exception {
        List<String> classes = classesIn(mirror());
        assertTrue("no mirror classes in " + mirror(), classes.size() > 0);
        Map<String, List<String>> declared = RecordedSignatures.javap(mirror().toString(), classes);
        assertEquals("classes javap described", new TreeSet<>(classes), new TreeSet<>(declared.keySet()));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> line : RecordedSignatures.lines(API).entrySet()) {
            Map<String, List<String>> recorded = RecordedSignatures.parse(Files.readString(line.getValue()));
            assertEquals("classes of the mirror vs " + line.getValue() + " (re-record: java-shim/openfire-api/record-source-signatures.sh)",
                    new TreeSet<>(classes), new TreeSet<>(recorded.keySet()));
            problems.addAll(RecordedSignatures.problems(declared, recorded, "Openfire " + line.getKey(), CALLED_BY_NAME));
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    /** Without the by-name exemption, the check above reports JiveGlobals.setProperty on main: the
     *  exemption is needed, and the comparison does see a changed return type. */
    @Test
    public void theCalledByNameMembersReallyDifferOnSomeLine() throws Exception {
        Map<String, List<String>> declared = RecordedSignatures.javap(mirror().toString(), classesIn(mirror()));
        for (String member : CALLED_BY_NAME) {
            boolean differs = false;
            for (Map.Entry<String, Path> line : RecordedSignatures.lines(API).entrySet()) {
                Map<String, List<String>> recorded = RecordedSignatures.parse(Files.readString(line.getValue()));
                differs |= RecordedSignatures.problems(declared, recorded, line.getKey(), Set.of()).stream()
                        .anyMatch(problem -> problem.startsWith(member.substring(0, member.indexOf('|')) + ": ")
                                && problem.contains(member.substring(member.indexOf('|') + 1, member.indexOf('('))));
            }
            assertTrue(member + " is the same on every line: call it directly and drop it from CALLED_BY_NAME", differs);
        }
    }

    /** The shim's byte code has no direct reference to a CALLED_BY_NAME member (that call would throw
     *  NoSuchMethodError on a line where it differs) and names it as a string (the reflective call). */
    @Test
    public void theShimCallsThoseMembersOnlyByName() throws Exception {
        Path shim = Path.of(System.getProperty("presence.shim.classes", ROOT.resolve("build/ant/classes").toString()));
        List<String> command = new ArrayList<>(List.of("javap", "-c", "-p", "-cp", shim.toString()));
        command.addAll(classesIn(shim));
        Process javap = new ProcessBuilder(command).redirectErrorStream(true).start();
        String code = new String(javap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(code, 0, javap.waitFor());
        for (String member : CALLED_BY_NAME) {
            String owner = member.substring(0, member.indexOf('|')).replace('.', '/');
            String name = member.substring(member.indexOf('|') + 1, member.indexOf('('));
            assertTrue("the shim calls " + member + " directly", !code.contains("Method " + owner + "." + name + ":"));
            assertTrue("the shim never names " + name + " for a reflective call", code.contains("// String " + name + "\n"));
        }
    }

    @Test
    public void aDeclarationMayOnlyLeaveOutTrailingTypes() {
        String openfire = "public class a.User implements a.Cacheable,a.Result {";
        assertTrue(RecordedSignatures.sameDeclaration("public class a.User {", openfire));
        assertTrue(RecordedSignatures.sameDeclaration("public class a.User implements a.Cacheable {", openfire));
        assertTrue(!RecordedSignatures.sameDeclaration("public final class a.User {", openfire));
        assertTrue(!RecordedSignatures.sameDeclaration("public class a.User implements a.Result {", openfire));
        assertTrue(!RecordedSignatures.sameDeclaration("public class a.Use {", openfire));
    }

    @Test
    public void membersAreIdentifiedByNameAndParameterTypes() {
        assertEquals("setProperty(java.lang.String, java.lang.String)",
                RecordedSignatures.memberKey("  public static java.lang.String setProperty(java.lang.String, java.lang.String);"));
        assertEquals("a.JID(java.lang.String)", RecordedSignatures.memberKey("public a.JID(java.lang.String) throws a.X;"));
        assertEquals("get(java.util.Map)", RecordedSignatures.memberKey("public <T> T get(java.util.Map<java.lang.String, java.util.List<T>>);"));
        assertEquals("chat", RecordedSignatures.memberKey("public static final a.Presence$Show chat;"));
        assertTrue(RecordedSignatures.compareVersions("4.10.0", "4.9.2") > 0);
        assertTrue(RecordedSignatures.compareVersions("main", "5.1.1") > 0);
    }
}

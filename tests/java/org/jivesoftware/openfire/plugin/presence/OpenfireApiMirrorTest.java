package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Test;

/** The compile-time mirror (java-shim/openfire-api/src, compiled into build/ant/api-classes) declares
 *  nothing that Openfire 4.5.0 lacks: javap of every mirror class is checked against the real
 *  signatures recorded in java-shim/openfire-api/openfire-4.5.0-signatures.txt (no real jars needed). */
public class OpenfireApiMirrorTest {
    private static final Path ROOT = Path.of(System.getProperty("presence.root", "."));
    private static final Path RECORDED = ROOT.resolve("java-shim/openfire-api/openfire-4.5.0-signatures.txt");

    @Test
    public void everyMirrorDeclarationIsInTheRecordedOpenfireSignatures() throws Exception {
        Path mirror = Path.of(System.getProperty("presence.api.classes", ROOT.resolve("build/ant/api-classes").toString()));
        List<String> classes;
        try (Stream<Path> files = Files.walk(mirror)) {
            classes = files.map(file -> mirror.relativize(file).toString()).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - 6).replace('/', '.')).sorted().toList();
        }
        assertTrue("no mirror classes in " + mirror, classes.size() > 0);
        List<String> command = new ArrayList<>(List.of("javap", "-protected", "-cp", mirror.toString()));
        command.addAll(classes);
        Process javap = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("javap: " + output, 0, javap.waitFor());
        Map<String, List<String>> declared = declarations(output);
        Map<String, List<String>> recorded = declarations(Files.readString(RECORDED));
        assertEquals("classes of the mirror vs " + RECORDED + " (re-record: java-shim/openfire-api/record-signatures.sh)",
                new TreeSet<>(classes), new TreeSet<>(recorded.keySet()));
        assertEquals("classes javap described", new TreeSet<>(classes), new TreeSet<>(declared.keySet()));

        List<String> problems = new ArrayList<>();
        for (String name : classes) {
            List<String> ours = declared.get(name);
            List<String> openfire = recorded.get(name);
            if (!sameDeclaration(ours.get(0), openfire.get(0))) {
                problems.add(name + ": declared as '" + ours.get(0) + "', Openfire 4.5.0: '" + openfire.get(0) + "'");
            }
            for (String member : ours.subList(1, ours.size())) {
                if (!openfire.contains(member)) {
                    problems.add(name + ": '" + member + "' is not in Openfire 4.5.0");
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    /** The mirror's declaration line is Openfire's, or its start up to a type boundary (the mirror may
     *  leave out trailing interfaces the shim does not use). */
    static boolean sameDeclaration(String mirror, String openfire) {
        String ours = mirror.replaceFirst(" \\{$", "");
        String theirs = openfire.replaceFirst(" \\{$", "");
        return theirs.equals(ours) || theirs.startsWith(ours + " ") || theirs.startsWith(ours + ",");
    }

    /** javap text (or the recorded file) -> class name -> its declaration line, then one line per
     *  member, in order; "#" comments, "Compiled from" and blank lines are skipped. */
    static Map<String, List<String>> declarations(String javapText) {
        Map<String, List<String>> declarations = new LinkedHashMap<>();
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

    @Test
    public void aDeclarationMayOnlyLeaveOutTrailingTypes() {
        String openfire = "public class a.User implements a.Cacheable,a.Result {";
        assertTrue(sameDeclaration("public class a.User {", openfire));
        assertTrue(sameDeclaration("public class a.User implements a.Cacheable {", openfire));
        assertTrue(!sameDeclaration("public final class a.User {", openfire));
        assertTrue(!sameDeclaration("public class a.User implements a.Result {", openfire));
        assertTrue(!sameDeclaration("public class a.Use {", openfire));
    }
}

package presence.signatures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares compiled classes with Openfire 4.5.0's signatures recorded in
 * java-shim/openfire-api/openfire-4.5.0-signatures.txt (javap lines of the real jars). Shared by the
 * mirror's test (tests/java) and the plugin host runtime's test (tests/host/test).
 */
public final class RecordedSignatures {
    private RecordedSignatures() {
    }

    /** javap -protected of classes on classPath, parsed as {@link #parse} does; fails on a javap error. */
    public static Map<String, List<String>> javap(String classPath, Collection<String> classes)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("javap", "-protected", "-cp", classPath));
        command.addAll(classes);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("javap failed: " + output);
        }
        return parse(output);
    }

    /** javap text (or the recorded file) -> class name -> its declaration line, then one line per
     *  member, in order; "#" comments, "Compiled from" and blank lines are skipped. */
    public static Map<String, List<String>> parse(String javapText) {
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

    /** Our declaration line is Openfire's, or its start up to a type boundary (we may leave out
     *  trailing interfaces nobody uses). */
    public static boolean sameDeclaration(String ours, String openfire) {
        String mine = ours.replaceFirst(" \\{$", "");
        String theirs = openfire.replaceFirst(" \\{$", "");
        return theirs.equals(mine) || theirs.startsWith(mine + " ") || theirs.startsWith(mine + ",");
    }

    /** One sentence per declaration or member of `declared` that Openfire 4.5.0 lacks (empty: none). */
    public static List<String> problems(Map<String, List<String>> declared, Map<String, List<String>> recorded) {
        List<String> problems = new ArrayList<>();
        declared.forEach((name, ours) -> {
            List<String> openfire = recorded.get(name);
            if (openfire == null) {
                problems.add(name + ": not recorded");
                return;
            }
            if (!sameDeclaration(ours.get(0), openfire.get(0))) {
                problems.add(name + ": declared as '" + ours.get(0) + "', Openfire 4.5.0: '" + openfire.get(0) + "'");
            }
            for (String member : ours.subList(1, ours.size())) {
                if (!openfire.contains(member)) {
                    problems.add(name + ": '" + member + "' is not in Openfire 4.5.0");
                }
            }
        });
        return problems;
    }
}

package presence.signatures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares compiled classes with the Openfire signatures recorded in
 * java-shim/openfire-api/openfire-VERSION-signatures.txt, one file per release line (javap lines:
 * 4.5.0 from the real jars, the others from the source at the release tag). Shared by the
 * mirror's test (tests/java) and the plugin host runtime's test (tests/host/test).
 */
public final class RecordedSignatures {
    private RecordedSignatures() {
    }

    private static final Pattern RECORD = Pattern.compile("openfire-(.+)-signatures\\.txt");

    /** The recorded lines in apiFolder: version ("4.5.0" ... "main") -> record file, oldest first, main last. */
    public static Map<String, Path> lines(Path apiFolder) throws IOException {
        List<String> versions;
        try (Stream<Path> files = Files.list(apiFolder)) {
            versions = files.map(file -> RECORD.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(match -> match.group(1)).sorted(RecordedSignatures::compareVersions).toList();
        }
        Map<String, Path> lines = new LinkedHashMap<>();
        for (String version : versions) {
            lines.put(version, apiFolder.resolve("openfire-" + version + "-signatures.txt"));
        }
        return lines;
    }

    /** Orders "4.10.0" after "4.9.2"; "main" (the unreleased branch) after every release. */
    public static int compareVersions(String a, String b) {
        Comparator<String> numeric = (x, y) -> {
            String[] xs = x.split("\\.");
            String[] ys = y.split("\\.");
            for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
                int d = Integer.compare(i < xs.length ? Integer.parseInt(xs[i]) : 0, i < ys.length ? Integer.parseInt(ys[i]) : 0);
                if (d != 0) {
                    return d;
                }
            }
            return 0;
        };
        boolean aMain = !a.matches("[0-9.]+");
        boolean bMain = !b.matches("[0-9.]+");
        return aMain || bMain ? Boolean.compare(aMain, bMain) : numeric.compare(a, b);
    }

    /** A member line's identity: its name and its parameter types without generics, e.g.
     *  "setProperty(java.lang.String, java.lang.String)" for any return type or modifiers
     *  (record-source-signatures.sh matches members the same way). */
    public static String memberKey(String line) {
        String text = line.trim().replaceFirst(";$", "").replaceFirst(" throws .*", "");
        String previous;
        do {
            previous = text;
            text = text.replaceAll("<[^<>]*>", "");
        } while (!text.equals(previous));
        int paren = text.indexOf('(');
        String head = paren == -1 ? text : text.substring(0, paren);
        String name = head.substring(head.lastIndexOf(' ') + 1);
        return paren == -1 ? name : name + text.substring(paren);
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
        return problems(declared, recorded, "Openfire 4.5.0", Set.of());
    }

    /**
     * One sentence per declaration or member of `declared` that the recorded Openfire (named
     * `openfire` in the sentences) lacks or declares differently (empty: none). A member whose
     * "CLASS|memberKey" is in `byName` (called by reflection, by name and parameter types) only
     * needs the same name and parameter types there.
     */
    public static List<String> problems(Map<String, List<String>> declared, Map<String, List<String>> recorded,
                                        String openfireName, Set<String> byName) {
        List<String> problems = new ArrayList<>();
        declared.forEach((name, ours) -> {
            List<String> openfire = recorded.get(name);
            if (openfire == null) {
                problems.add(name + ": not recorded");
                return;
            }
            if (!sameDeclaration(ours.get(0), openfire.get(0))) {
                problems.add(name + ": declared as '" + ours.get(0) + "', " + openfireName + ": '" + openfire.get(0) + "'");
            }
            for (String member : ours.subList(1, ours.size())) {
                String key = memberKey(member);
                List<String> sameKey = openfire.subList(1, openfire.size()).stream().filter(m -> memberKey(m).equals(key)).toList();
                if (openfire.contains(member) || (byName.contains(name + "|" + key) && !sameKey.isEmpty())) {
                    continue;
                }
                problems.add(name + ": '" + member + "' is " + (sameKey.isEmpty() ? "not in " + openfireName
                        : "'" + sameKey.get(0) + "' in " + openfireName));
            }
        });
        return problems;
    }
}

package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Test;
import presence.signatures.RecordedSignatures;

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
        Map<String, List<String>> declared = RecordedSignatures.javap(mirror.toString(), classes);
        Map<String, List<String>> recorded = RecordedSignatures.parse(Files.readString(RECORDED));
        assertEquals("classes of the mirror vs " + RECORDED + " (re-record: java-shim/openfire-api/record-signatures.sh)",
                new TreeSet<>(classes), new TreeSet<>(recorded.keySet()));
        assertEquals("classes javap described", new TreeSet<>(classes), new TreeSet<>(declared.keySet()));
        List<String> problems = RecordedSignatures.problems(declared, recorded);
        assertTrue(String.join("\n", problems), problems.isEmpty());
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
}

package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** The committed logo_small.gif and logo_large.gif are what java-shim/tools/LogoGif.java draws. */
public class LogosTest {
    @Test
    public void committedLogosAreReproducible() throws Exception {
        Path generated = Files.createTempDirectory("presence-logos-");
        try {
            Class.forName("LogoGif").getMethod("main", String[].class).invoke(null, (Object) new String[] {generated.toString()});
            Path root = Path.of(System.getProperty("presence.root"));
            for (String logo : new String[] {"logo_small.gif", "logo_large.gif"}) {
                assertArrayEquals(logo + " differs from the generator's output (run: java java-shim/tools/LogoGif.java .)",
                    Files.readAllBytes(root.resolve(logo)), Files.readAllBytes(generated.resolve(logo)));
            }
        } finally {
            try (var files = Files.list(generated)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(generated);
        }
    }
}

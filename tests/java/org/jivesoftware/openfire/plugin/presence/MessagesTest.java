package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** i18n/presence_i18n.properties: valid MessageFormat patterns, loaded from the plugin folder or the class loader. */
public class MessagesTest {
    private static final File I18N = new File(System.getProperty("presence.i18n"));

    @Test
    public void everyTextIsAValidPatternWithDoubledApostrophes() throws Exception {
        Properties texts = new Properties();
        try (InputStream in = Files.newInputStream(new File(I18N, Messages.BUNDLE_FILE).toPath())) {
            texts.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        Messages messages = Messages.load(I18N.getParentFile());
        for (String key : texts.stringPropertyNames()) {
            String pattern = texts.getProperty(key);
            assertFalse(key + ": a single ' vanishes in MessageFormat; write ''", pattern.replace("''", "").contains("'"));
            assertEquals(key, pattern.replace("''", "'").replace("{0}", "ARG"), messages.text(key, "ARG"));
        }
    }

    @Test
    public void fallsBackToTheClassLoaderAndShowsMissingKeys() throws Exception {
        Messages fromClassPath = Messages.load(null);
        assertEquals("Presence Service", fromClassPath.text("presence.title"));
        assertEquals("???no.such.key???", fromClassPath.text("no.such.key"));
        assertEquals("The service is running.", Messages.load(new File("/nonexistent")).text("presence.native.loaded"));
    }

    @Rule
    public final TemporaryFolder folders = new TemporaryFolder();

    /** A new plugin folder whose i18n/presence_i18n.properties holds bytes. */
    private File pluginWithBundle(byte[] bytes) throws Exception {
        File plugin = folders.newFolder();
        File i18n = new File(plugin, "i18n");
        assertTrue(i18n.mkdir());
        Files.write(new File(i18n, Messages.BUNDLE_FILE).toPath(), bytes);
        return plugin;
    }

    @Test
    public void aTranslationIsReadAsUtf8ElseAsIso88591OnEveryJava() throws Exception {
        String title = "Pr\u00e4senz \u2013 Dienst \u2713 {0}";
        File utf8 = pluginWithBundle(("presence.title=" + title + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("Pr\u00e4senz \u2013 Dienst \u2713 x", Messages.load(utf8).text("presence.title", "x"));
        File latin1 = pluginWithBundle("presence.title=Pr\u00e4senz\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Pr\u00e4senz", Messages.load(latin1).text("presence.title"));
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The admin page's texts: i18n/presence_i18n.properties of the plugin directory, or, failing
 * that, presence_i18n.properties from the class loader (Openfire puts the plugin's i18n/ folder
 * on it). A missing key shows as ???key??? rather than failing the page. The file is read as UTF-8,
 * or as ISO-8859-1 when it is not valid UTF-8, on every Java (as Java 9 and later read properties
 * bundles; Java 8's PropertyResourceBundle(InputStream) would read ISO-8859-1 only).
 * A malformed pattern in a translation fails the page (IllegalArgumentException).
 */
final class Messages {
    static final String BUNDLE_FILE = "presence_i18n.properties";

    private final ResourceBundle bundle;

    private Messages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** Loads the texts; pluginDirectory may be null. */
    static Messages load(File pluginDirectory) throws IOException {
        if (pluginDirectory != null) {
            File file = new File(new File(pluginDirectory, "i18n"), BUNDLE_FILE);
            if (file.isFile()) {
                try (InputStream in = Files.newInputStream(file.toPath())) {
                    return read(in);
                }
            }
        }
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(BUNDLE_FILE)) {
            if (in == null) {
                throw new IOException("no " + BUNDLE_FILE + " in the plugin");
            }
            return read(in);
        }
    }

    /** The bundle in in: UTF-8, else (not valid UTF-8) ISO-8859-1. */
    private static Messages read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
            bytes.write(buffer, 0, count);
        }
        byte[] file = bytes.toByteArray();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException notUtf8) {
            text = new String(file, StandardCharsets.ISO_8859_1);
        }
        return new Messages(new PropertyResourceBundle(new StringReader(text)));
    }

    /** The text for key: a MessageFormat pattern, {0}, {1} ... replaced by arguments. */
    String text(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "???" + key + "???";
        }
        return new MessageFormat(pattern).format(arguments);
    }
}

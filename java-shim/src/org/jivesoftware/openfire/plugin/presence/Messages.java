package org.jivesoftware.openfire.plugin.presence;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The admin page's texts: i18n/presence_i18n.properties of the plugin directory, or, failing
 * that, presence_i18n.properties from the class loader (Openfire puts the plugin's i18n/ folder
 * on it). A missing key shows as ???key??? rather than failing the page.
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
                    return new Messages(new PropertyResourceBundle(in));
                }
            }
        }
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(BUNDLE_FILE)) {
            if (in == null) {
                throw new IOException("no " + BUNDLE_FILE + " in the plugin");
            }
            return new Messages(new PropertyResourceBundle(in));
        }
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

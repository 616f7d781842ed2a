/* Plugin host runtime: Openfire's system properties, kept in the installed directory's
 * "properties" map (in memory only; setProperty changes it for the running host). */
package org.jivesoftware.util;

import presence.host.Directory;

public class JiveGlobals {
    private JiveGlobals() {
    }

    /** The property's value, or defaultValue when it is not set. */
    public static String getProperty(String name, String defaultValue) {
        String value = Directory.installed().property(name);
        return value != null ? value : defaultValue;
    }

    /** Boolean.parseBoolean of the property's value, or defaultValue when it is not set. */
    public static boolean getBooleanProperty(String name, boolean defaultValue) {
        String value = Directory.installed().property(name);
        return value != null ? Boolean.parseBoolean(value) : defaultValue;
    }

    /** As Openfire: a null value deletes the property and its children; a null name throws NullPointerException. */
    public static void setProperty(String name, String value) {
        Directory.installed().setProperty(name, value);
    }
}

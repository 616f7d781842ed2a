/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.util;

public class JiveGlobals {
    private JiveGlobals() {
    }

    public static String getProperty(String name, String defaultValue) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public static boolean getBooleanProperty(String name, boolean defaultValue) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    /** void in 4.5.0 .. 5.1.x; returns the previous String in Openfire after 5.1 (OF-3313). */
    public static void setProperty(String name, String value) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}

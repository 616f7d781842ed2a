/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.container;

/** Only named as a parameter type by the shim. */
public class PluginManager {
    private PluginManager() {
    }
}

/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.component;

public class ComponentManagerFactory {
    private ComponentManagerFactory() {
    }

    public static synchronized ComponentManager getComponentManager() {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }
}

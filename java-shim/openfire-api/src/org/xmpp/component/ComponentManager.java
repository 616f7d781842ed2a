/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.xmpp.component;

public interface ComponentManager {
    void addComponent(String subdomain, Component component) throws ComponentException;

    void removeComponent(String subdomain) throws ComponentException;
}

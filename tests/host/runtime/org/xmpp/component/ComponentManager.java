/* Plugin host runtime: Tinder's component manager, reduced to the members presence.jar may use. */
package org.xmpp.component;

public interface ComponentManager {
    /** Registers component as subdomain.domain: initialize(jid, this), then start(). */
    void addComponent(String subdomain, Component component) throws ComponentException;

    /** Unregisters the component of subdomain and calls its shutdown(). */
    void removeComponent(String subdomain) throws ComponentException;
}

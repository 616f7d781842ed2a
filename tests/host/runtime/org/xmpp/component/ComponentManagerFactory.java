/* Plugin host runtime: Tinder's factory; answers the host's in-memory component manager. */
package org.xmpp.component;

import presence.host.HostComponentManager;

public class ComponentManagerFactory {
    private ComponentManagerFactory() {
    }

    /** The server's component manager. */
    public static synchronized ComponentManager getComponentManager() {
        return HostComponentManager.INSTANCE;
    }
}

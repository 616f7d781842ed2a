/* Plugin host runtime: Openfire's plugin manager. presence.jar only receives it as an argument,
 * so it has no public member here; the host makes it (presence.host.HiddenConstructors). */
package org.jivesoftware.openfire.container;

public class PluginManager {
    private PluginManager() {
    }
}

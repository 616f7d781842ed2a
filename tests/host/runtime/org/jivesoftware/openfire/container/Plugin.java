/* Plugin host runtime: Openfire's plugin interface (exactly its two members). */
package org.jivesoftware.openfire.container;

import java.io.File;

public interface Plugin {
    /** Called once after the plugin's servlets are registered, with the extracted plugin folder. */
    void initializePlugin(PluginManager manager, File pluginDirectory);

    /** Called once when the plugin is unloaded, after its servlets are unregistered. */
    void destroyPlugin();
}

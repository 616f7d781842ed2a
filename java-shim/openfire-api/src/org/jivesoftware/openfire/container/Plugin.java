/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.container;

import java.io.File;

public interface Plugin {
    void initializePlugin(PluginManager manager, File pluginDirectory);

    void destroyPlugin();
}

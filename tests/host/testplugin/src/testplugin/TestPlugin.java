/* Host test plugin: registers the exclude "testplugin/public" while loaded and reports its version
 * (lib/testplugin-lib.jar!/testplugin/version.txt, which differs between the two test jars). */
package testplugin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jivesoftware.admin.AuthCheckFilter;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;

public class TestPlugin implements Plugin {
    static volatile File directory;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        directory = pluginDirectory;
        AuthCheckFilter.addExclude("testplugin/public");
    }

    @Override
    public void destroyPlugin() {
        AuthCheckFilter.removeExclude("testplugin/public");
        directory = null;
    }

    /** The version.txt packaged with this copy of the plugin. */
    static String version() {
        try (InputStream in = TestPlugin.class.getResourceAsStream("/testplugin/version.txt")) {
            return in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}

/* The runtime's SystemProperty checks what Openfire's build() checks, reads the description from
 * the bundle named after the plugin, and unregisters by plugin name. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jivesoftware.util.SystemProperty;
import org.junit.Test;

public class SystemPropertyTest {
    @Test
    public void buildChecksLikeOpenfire() {
        assertThrows(IllegalArgumentException.class, () -> SystemProperty.Builder.ofType(Double.class));
        assertThrows(NullPointerException.class, () -> SystemProperty.Builder.ofType(Boolean.class).setDynamic(true).build());
        assertThrows("a Boolean needs a default", NullPointerException.class,
                () -> SystemProperty.Builder.ofType(Boolean.class).setKey("t.a").setDynamic(true).build());
        assertThrows("dynamism must be set", NullPointerException.class,
                () -> SystemProperty.Builder.ofType(Boolean.class).setKey("t.a").setDefaultValue(true).build());
        SystemProperty.Builder.ofType(String.class).setKey("t.s").setDynamic(false).setPlugin("T Plugin").build();
        assertThrows("a key once", IllegalArgumentException.class,
                () -> SystemProperty.Builder.ofType(String.class).setKey("t.s").setDynamic(false).build());
        SystemProperty.removePropertiesForPlugin("Other");
        assertNotNull(SystemProperties.registered("t.s"));
        SystemProperty.removePropertiesForPlugin("T Plugin");
        assertNull(SystemProperties.registered("t.s"));
        SystemProperty.Builder.ofType(String.class).setKey("t.s").setDynamic(false).setPlugin("T Plugin").build();
        SystemProperty.removePropertiesForPlugin("T Plugin");
    }

    @Test
    public void theDescriptionComesFromTheBundleNamedAfterThePlugin() throws Exception {
        Path folder = Files.createTempDirectory("presence-host-bundle-");
        Files.writeString(folder.resolve("tplugin_i18n.properties"), "system_property.t.described=What t.described does\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            SystemProperty.Builder.ofType(Long.class).setKey("t.described").setDefaultValue(5L).setDynamic(true)
                    .setPlugin("T-Plugin").build();
            SystemProperty.Builder.ofType(Long.class).setKey("t.undescribed").setDefaultValue(5L).setDynamic(true)
                    .setPlugin("T-Plugin").build();
        } finally {
            thread.setContextClassLoader(previous);
            PluginLoader.deleteTree(folder);
        }
        SystemProperties.Registered described = SystemProperties.registered("t.described");
        assertEquals("What t.described does", described.description());
        assertEquals("5", described.defaultValue());
        assertEquals(Long.class, described.type());
        assertNull(SystemProperties.registered("t.undescribed").description());
        SystemProperty.removePropertiesForPlugin("T-Plugin");
    }
}

/* The system properties registered through SystemProperty (Openfire's System Properties page
 * lists these): key -> plugin, type, default, dynamism and the description Openfire would show. */
package presence.host;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

public final class SystemProperties {
    /** One registered property. description: the bundle's text, or null when Openfire would log an error. */
    public record Registered(String key, String plugin, Class<?> type, String defaultValue, boolean dynamic,
                             String description) {
    }

    private static final Map<String, Registered> REGISTERED = new ConcurrentHashMap<>();

    private SystemProperties() {
    }

    /** Whether key is registered. */
    public static boolean isRegistered(String key) {
        return REGISTERED.containsKey(key);
    }

    /**
     * Registers key. The description is "system_property." + key from the bundle
     * plugin.replaceAll("\\W", "").toLowerCase() + "_i18n", looked up through the thread's context
     * class loader (the plugin's during initializePlugin); when the bundle or the key is missing,
     * Openfire logs an error (with a stack trace), so the host logs a line starting "error:".
     */
    public static void register(String key, String plugin, Class<?> type, String defaultValue, boolean dynamic) {
        String bundleName = plugin.replaceAll("\\W", "").toLowerCase(Locale.ROOT) + "_i18n";
        String description = null;
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(bundleName, Locale.ROOT, Thread.currentThread().getContextClassLoader());
            description = bundle.getString("system_property." + key);
        } catch (MissingResourceException e) {
            HostLog.line("error: system property " + key + " of plugin '" + plugin + "': no system_property." + key
                    + " in bundle " + bundleName + " (" + e.getMessage() + ")");
        }
        REGISTERED.put(key, new Registered(key, plugin, type, defaultValue, dynamic, description));
    }

    /** Unregisters the properties of plugin (the plugin.xml name). */
    public static void removeForPlugin(String plugin) {
        REGISTERED.values().removeIf(property -> property.plugin().equals(plugin));
    }

    /** The registered property of key, or null. */
    public static Registered registered(String key) {
        return REGISTERED.get(key);
    }
}

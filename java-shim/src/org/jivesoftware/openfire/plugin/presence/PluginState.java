package org.jivesoftware.openfire.plugin.presence;

import java.io.File;

/**
 * What the loaded plugin publishes to its servlets (same class loader): the plugin directory,
 * the native core's status and the component probe (null when it could not be registered).
 */
record PluginState(File pluginDirectory, NativeLibrary.Status nativeStatus, ComponentPresenceProbe probe) {
    private static volatile PluginState current;

    /** The state of the running plugin, or null when it is not initialized. */
    static PluginState current() {
        return current;
    }

    /** Makes state the one the servlets see. */
    static void publish(PluginState state) {
        current = state;
    }

    /** Withdraws state if it is still the published one. */
    static synchronized void withdraw(PluginState state) {
        if (current == state) {
            current = null;
        }
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.io.File;

/**
 * What the loaded plugin publishes to its servlets (same class loader): the plugin directory,
 * the native core's status and the component probe (null when it could not be registered).
 */
final class PluginState {
    private static volatile PluginState current;

    private final File pluginDirectory;
    private final NativeLibrary.Status nativeStatus;
    private final ComponentPresenceProbe probe;

    PluginState(File pluginDirectory, NativeLibrary.Status nativeStatus, ComponentPresenceProbe probe) {
        this.pluginDirectory = pluginDirectory;
        this.nativeStatus = nativeStatus;
        this.probe = probe;
    }

    File pluginDirectory() {
        return pluginDirectory;
    }

    NativeLibrary.Status nativeStatus() {
        return nativeStatus;
    }

    ComponentPresenceProbe probe() {
        return probe;
    }

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

/* Plugin host runtime: Openfire's typed system property, the members presence.jar may use. As
 * Openfire (identical from 4.5.0 to main): ofType accepts the types Openfire converts (here String,
 * Integer, Long, Boolean); build() checks the key is set and not registered yet (else
 * IllegalArgumentException), a default for non-nullable types, the plugin name and the dynamism,
 * reads the description "system_property.KEY" from the bundle named after the plugin (non-word
 * characters dropped, lower case, "_i18n") and registers the property (presence.host.SystemProperties);
 * removePropertiesForPlugin unregisters those of a plugin, as Openfire's PluginManager does with
 * the plugin.xml name when it unloads a plugin. */
package org.jivesoftware.util;

import java.util.Objects;
import java.util.Set;
import presence.host.SystemProperties;

public final class SystemProperty<T> {
    private static final Set<Class<?>> SUPPORTED = Set.of(String.class, Integer.class, Long.class, Boolean.class);
    private static final Set<Class<?>> NULLABLE = Set.of(String.class);

    private SystemProperty() {
    }

    /** Unregisters every property built with setPlugin(plugin). */
    public static void removePropertiesForPlugin(String plugin) {
        SystemProperties.removeForPlugin(plugin);
    }

    public static final class Builder<T> {
        private final Class<T> type;
        private String key;
        private T defaultValue;
        private Boolean dynamic;
        private String plugin = "Openfire";

        private Builder(Class<T> type) {
            this.type = type;
        }

        /** A builder for type; IllegalArgumentException for a type the host does not convert. */
        public static <T> Builder<T> ofType(Class<T> clazz) {
            if (!SUPPORTED.contains(clazz)) {
                throw new IllegalArgumentException("Cannot create a SystemProperty of type " + clazz.getName());
            }
            return new Builder<>(clazz);
        }

        public Builder<T> setKey(String key) {
            this.key = key;
            return this;
        }

        public Builder<T> setDefaultValue(T defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        public Builder<T> setDynamic(boolean dynamic) {
            this.dynamic = dynamic;
            return this;
        }

        public Builder<T> setPlugin(String plugin) {
            this.plugin = plugin;
            return this;
        }

        /** Registers the property (checks as Openfire's, see the file comment). */
        public SystemProperty<T> build() throws IllegalArgumentException {
            Objects.requireNonNull(key, "The property key has not been set");
            if (SystemProperties.isRegistered(key)) {
                throw new IllegalArgumentException("A SystemProperty already exists with a key of " + key);
            }
            if (!NULLABLE.contains(type)) {
                Objects.requireNonNull(defaultValue, "The properties default value has not been set");
            }
            Objects.requireNonNull(plugin, "The property plugin has not been set");
            Objects.requireNonNull(dynamic, "The property dynamism has not been set");
            SystemProperties.register(key, plugin, type, defaultValue == null ? null : String.valueOf(defaultValue), dynamic);
            return new SystemProperty<>();
        }
    }
}

/* Compile-time mirror of Openfire 4.5.0 (see ../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.util;

public final class SystemProperty<T> {
    private SystemProperty() {
    }

    /** Unregisters every property built with setPlugin(plugin). */
    public static void removePropertiesForPlugin(String plugin) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public static final class Builder<T> {
        private Builder() {
        }

        public static <T> Builder<T> ofType(Class<T> clazz) {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }

        public Builder<T> setKey(String key) {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }

        public Builder<T> setDefaultValue(T defaultValue) {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }

        public Builder<T> setDynamic(boolean dynamic) {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }

        public Builder<T> setPlugin(String plugin) {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }

        /** Registers the property; IllegalArgumentException when its key is registered already. */
        public SystemProperty<T> build() throws IllegalArgumentException {
            throw new UnsupportedOperationException("compile-time mirror of Openfire");
        }
    }
}

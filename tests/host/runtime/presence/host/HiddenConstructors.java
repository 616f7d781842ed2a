/* Makes instances of runtime classes whose constructors are private (so that presence.jar cannot
 * call constructors real Openfire does not offer it). Host-only. */
package presence.host;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

public final class HiddenConstructors {
    private HiddenConstructors() {
    }

    /** A new instance through type's no-argument constructor, whatever its access. */
    public static <T> T create(Class<T> type) {
        return create(type, new Class<?>[0]);
    }

    /** A new instance through type's constructor with exactly parameterTypes, whatever its access. */
    public static <T> T create(Class<T> type, Class<?>[] parameterTypes, Object... arguments) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }
}

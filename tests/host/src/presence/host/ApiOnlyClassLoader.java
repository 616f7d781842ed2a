/* The parent of every plugin class loader: the JDK plus exactly what Openfire gives plugins
 * (org.jivesoftware.*, org.xmpp.*, javax.servlet.*, org.slf4j.*, org.dom4j.*: Openfire ships dom4j) from the host's class path.
 * The host's own classes, Jetty and Jackson stay invisible to the plugin. */
package presence.host;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

final class ApiOnlyClassLoader extends ClassLoader {
    private static final String[] VISIBLE_PACKAGES = {"org.jivesoftware.", "org.xmpp.", "javax.servlet.", "org.slf4j.", "org.dom4j."};

    private final ClassLoader host;

    ApiOnlyClassLoader(ClassLoader host) {
        super("openfire-api", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (isVisible(name)) {
            return host.loadClass(name);
        }
        throw new ClassNotFoundException(name + " (not part of what Openfire gives plugins)");
    }

    @Override
    protected URL findResource(String name) {
        return isVisible(name.replace('/', '.')) ? host.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return isVisible(name.replace('/', '.')) ? host.getResources(name) : Collections.emptyEnumeration();
    }

    private static boolean isVisible(String name) {
        for (String prefix : VISIBLE_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

/* Openfire 4.7+'s ServletConfig for a plugin servlet: the web.xml servlet-name and init-params, and
 * a PluginServletContext, which is the admin console's context except that getResource and
 * getResourceAsStream read through the plugin class loader (leading "/" cut) and getRealPath is
 * null. */
package presence.host;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;

final class PluginServletConfig implements ServletConfig {
    private final PluginDescriptors.ServletSpec spec;
    private final ServletContext context;

    private PluginServletConfig(PluginDescriptors.ServletSpec spec, ServletContext context) {
        this.spec = spec;
        this.context = context;
    }

    /** The config of spec's servlet, over the admin console's context and the plugin's loader. */
    static PluginServletConfig of(PluginDescriptors.ServletSpec spec, ServletContext adminConsole, ClassLoader pluginLoader) {
        return new PluginServletConfig(spec, pluginContext(adminConsole, pluginLoader));
    }

    private static ServletContext pluginContext(ServletContext adminConsole, ClassLoader pluginLoader) {
        return (ServletContext) Proxy.newProxyInstance(PluginServletConfig.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getResource":
                            return pluginLoader.getResource(stripLeadingSlash((String) args[0]));
                        case "getResourceAsStream":
                            return pluginLoader.getResourceAsStream(stripLeadingSlash((String) args[0]));
                        case "getRealPath":
                            return null;
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "PluginServletContext(" + adminConsole + ")";
                        default:
                            try {
                                return method.invoke(adminConsole, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    private static String stripLeadingSlash(String path) {
        return path != null && path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public String getServletName() {
        return spec.name();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return spec.initParams().get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(spec.initParams().keySet());
    }
}

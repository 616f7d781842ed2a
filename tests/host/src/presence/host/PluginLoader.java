/* Loads and unloads one plugin the way Openfire's PluginManager does: extract the jar into
 * <home>/plugins/<name>/, a class loader over classes/, database/, i18n/, web/ and lib/*.jar
 * (Openfire's PluginClassLoader; parent: the Openfire API only), the plugin class of plugin.xml,
 * the servlets of web/WEB-INF/web.xml initialised with the admin console's ServletConfig (4.5) or
 * their own (4.7+, PluginServletConfig) and registered with PluginServlet, then initializePlugin;
 * unloading reverses it (and unregisters the plugin's system properties) and deletes the folder. */
package presence.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.servlet.GenericServlet;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.util.SystemProperty;

final class PluginLoader {
    private static final long MAX_EXTRACTED_BYTES = 512L << 20;

    /** A loaded plugin and everything needed to unload it. */
    record Loaded(String name, String displayName, String version, Plugin plugin, URLClassLoader loader, Path folder,
                  Map<String, GenericServlet> servlets, Set<String> excludesBefore) {
    }

    private final Path pluginsFolder;
    private final PluginServlet pluginServlet;

    PluginLoader(Path home, PluginServlet pluginServlet) {
        this.pluginsFolder = home.resolve("plugins");
        this.pluginServlet = pluginServlet;
    }

    /** True when jar opens as a zip and holds plugin.xml (a complete plugin jar). */
    static boolean isCompletePluginJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("plugin.xml") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Loads the plugin from jar (already in place as <home>/plugins/<name>.jar); null (and a log line) on failure. */
    Loaded load(String name, Path jar) {
        Path folder = pluginsFolder.resolve(name);
        URLClassLoader loader = null;
        Map<String, GenericServlet> servlets = new LinkedHashMap<>();
        try {
            deleteTree(folder);
            extract(jar, folder);
            PluginDescriptors.PluginXml pluginXml = PluginDescriptors.readPluginXml(folder.resolve("plugin.xml"));
            loader = new URLClassLoader("plugin-" + name, classPath(folder),
                    new ApiOnlyClassLoader(PluginLoader.class.getClassLoader()));
            Plugin plugin = (Plugin) loader.loadClass(pluginXml.className()).getDeclaredConstructor().newInstance();
            Set<String> excludesBefore = new HashSet<>(AdminAccess.excludes());
            Path webXml = folder.resolve("web").resolve("WEB-INF").resolve("web.xml");
            if (Files.exists(webXml)) {
                createServlets(name, PluginDescriptors.readWebXml(webXml), loader, servlets);
            }
            pluginServlet.register(servlets);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                plugin.initializePlugin(HiddenConstructors.create(PluginManager.class), folder.toFile());
            } finally {
                thread.setContextClassLoader(previous);
            }
            String version = pluginXml.version().isEmpty() ? "unknown" : pluginXml.version();
            HostLog.line("plugin " + name + " loaded (version " + version + ")");
            return new Loaded(name, pluginXml.name(), version, plugin, loader, folder, servlets, excludesBefore);
        } catch (Exception | LinkageError e) {
            HostLog.line("plugin " + name + " failed to load: " + HostLog.describe(e));
            pluginServlet.unregister(servlets.keySet());
            destroyServlets(servlets);
            closeQuietly(loader);
            return null;
        }
    }

    /** destroy() and unregister the servlets, destroyPlugin(), unregister the plugin's system
     *  properties, drop the class loader, delete the folder. */
    void unload(Loaded loaded) {
        pluginServlet.unregister(loaded.servlets().keySet());
        destroyServlets(loaded.servlets());
        try {
            loaded.plugin().destroyPlugin();
        } catch (Exception | LinkageError e) {
            HostLog.line("plugin " + loaded.name() + " failed in destroyPlugin: " + HostLog.describe(e));
        }
        SystemProperty.removePropertiesForPlugin(loaded.displayName()); // as Openfire: by the plugin.xml <name>
        reportLeftovers(loaded);
        closeQuietly(loaded.loader());
        try {
            deleteTree(loaded.folder());
        } catch (IOException e) {
            HostLog.line("plugin " + loaded.name() + ": could not delete " + loaded.folder() + ": " + e.getMessage());
        }
        System.gc(); // as Openfire: let the old class loader (and a JNI library bound to it) go
        HostLog.line("plugin " + loaded.name() + " unloaded");
    }

    private void createServlets(String name, PluginDescriptors.WebXml webXml, ClassLoader loader,
                                Map<String, GenericServlet> servlets) throws Exception {
        for (String filter : webXml.filterNames()) {
            HostLog.line("plugin " + name + ": web.xml filter '" + filter + "' ignored (the host runs no plugin filters)");
        }
        for (PluginDescriptors.ServletSpec spec : webXml.servlets()) {
            Object instance = loader.loadClass(spec.className()).getDeclaredConstructor().newInstance();
            if (!(instance instanceof GenericServlet servlet)) {
                HostLog.line("plugin " + name + ": servlet " + spec.className() + " is not a javax.servlet.GenericServlet; skipped");
                continue;
            }
            servlet.init(OpenfireLine.current().perServletConfig()
                    ? PluginServletConfig.of(spec, pluginServlet.getServletContext(), loader)
                    : pluginServlet.getServletConfig());
            for (String pattern : spec.urlPatterns()) {
                servlets.put((name + pattern).toLowerCase(Locale.ROOT), servlet);
            }
        }
    }

    private static void destroyServlets(Map<String, GenericServlet> servlets) {
        for (GenericServlet servlet : new HashSet<>(servlets.values())) {
            try {
                servlet.destroy();
            } catch (RuntimeException | LinkageError e) {
                HostLog.line("servlet " + servlet.getClass().getName() + " failed in destroy: " + HostLog.describe(e));
            }
        }
    }

    /** Logs what a well-behaved plugin removes in destroyPlugin but this one left behind. */
    private static void reportLeftovers(Loaded loaded) {
        List<String> excludes = new ArrayList<>(AdminAccess.excludes());
        excludes.removeAll(loaded.excludesBefore());
        for (String exclude : excludes) {
            HostLog.line("warning: plugin " + loaded.name() + " left the AuthCheckFilter exclude '" + exclude + "' after destroyPlugin");
        }
        for (String subdomain : HostComponentManager.INSTANCE.registeredBy(loaded.loader())) {
            HostLog.line("warning: plugin " + loaded.name() + " left component '" + subdomain + "' registered after destroyPlugin");
        }
    }

    private static URL[] classPath(Path folder) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String directory : List.of("classes", "database", "i18n", "web")) { // as Openfire's PluginClassLoader
            Path path = folder.resolve(directory);
            if (Files.isDirectory(path)) {
                urls.add(path.toUri().toURL());
            }
        }
        Path lib = folder.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return urls.toArray(new URL[0]);
    }

    /** Extracts jar into folder; refuses entries that would land outside it and oversized content. */
    private static void extract(Path jar, Path folder) throws IOException {
        Files.createDirectories(folder);
        long total = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("jar entry '" + entry.getName() + "' points outside the plugin folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    total += Files.copy(in, target);
                }
                if (total > MAX_EXTRACTED_BYTES) {
                    throw new IOException("the jar extracts to more than " + (MAX_EXTRACTED_BYTES >> 20) + " MiB");
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            HostLog.line("could not close a plugin class loader: " + e.getMessage());
        }
    }
}

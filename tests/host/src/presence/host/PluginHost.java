/* The plugin host: an embedded Jetty 9.4 on 127.0.0.1 laid out like Openfire's admin console
 * (AuthCheckFilter and PluginServlet on /plugins/*, /login.jsp, /logout.jsp), the demo page at /,
 * optional static files at /static/*, and one plugin jar loaded and watched like Openfire's
 * PluginMonitor does, all as the Openfire line of --openfire-line (OpenfireLine). An admin can
 * restart the admin console (AdminConsoleRestart). SIGTERM stops it cleanly (Jetty stop, then
 * destroyPlugin). */
package presence.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.servlet.DispatcherType;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.jivesoftware.admin.AuthCheckFilter;

public final class PluginHost {
    private final HostOptions options;
    private final Path home;
    private final boolean temporaryHome;
    private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock(true);
    private Server server;
    private PluginMonitor monitor;
    private AdminConsoleRestart restart;

    PluginHost(HostOptions options) throws IOException {
        this.options = options;
        this.temporaryHome = options.home == null;
        Path chosen = temporaryHome ? Files.createTempDirectory("presence-host-home-") : options.home;
        Files.createDirectories(chosen);
        this.home = chosen.toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty",
                System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn"));
        PluginHost host;
        try {
            HostOptions options = HostOptions.parse(args);
            String json;
            try {
                json = Files.readString(options.directory, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the directory file " + options.directory + " (" + e + ")");
            }
            OpenfireLine.play(options.line);
            Directory.install(Directory.fromJson(json));
            host = new PluginHost(options);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("presence-host: " + e.getMessage());
            System.err.println(HostOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            host.start();
        } catch (Exception e) {
            System.err.println("presence-host: could not start: " + HostLog.describe(e));
            host.stop();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "presence-host-shutdown"));
        HostLog.line("playing Openfire " + OpenfireLine.current().lineName() + " (signatures of "
                + OpenfireLine.current().recordedVersion() + ")");
        HostLog.line("listening on http://127.0.0.1:" + host.port() + "/");
    }

    /** Starts Jetty, then loads the plugin and starts watching its jar. */
    void start() throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(options.port);
        server.addConnector(connector);
        server.setStopTimeout(5000);
        server.setErrorHandler(quietErrors());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(quietErrors());
        context.getSessionHandler().getSessionCookieConfig().setHttpOnly(true);
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        if (OpenfireLine.current().cacheControlFilter()) {
            context.addFilter(new FilterHolder(new CacheControlFilter()), "/*", requests);
        }
        context.addFilter(new FilterHolder(new SwapGate(swapLock)), "/plugins/*", requests);
        context.addFilter(new FilterHolder(new SwapGate(swapLock)), AdHocServlet.PATH, requests);
        context.addFilter(new FilterHolder(HiddenConstructors.create(AuthCheckFilter.class)), "/plugins/*", requests);
        PluginServlet pluginServlet = new PluginServlet(home);
        context.addServlet(new ServletHolder("PluginServlet", pluginServlet), "/plugins/*");
        ServletHolder login = new ServletHolder("login", new LoginServlet());
        context.addServlet(login, "/login.jsp");
        context.addServlet(login, "/logout.jsp");
        ServletHolder demo = new ServletHolder("demo", new DemoServlet(options.demoDir));
        context.addServlet(demo, "");
        context.addServlet(demo, "/demo.html");
        context.addServlet(staticFiles("demo-assets", options.demoDir), "/demo/*");
        if (options.staticDir != null) {
            context.addServlet(cachedInMemory(staticFiles("static", options.staticDir)), "/static/*");
        }
        context.addServlet(new ServletHolder("adhoc", new AdHocServlet()), AdHocServlet.PATH);
        restart = new AdminConsoleRestart(context);
        context.addServlet(new ServletHolder("restart", restart.new Trigger()), AdminConsoleRestart.PATH);
        server.setHandler(restart);
        server.start();

        PluginLoader loader = new PluginLoader(home, pluginServlet);
        monitor = new PluginMonitor(options.plugin, options.pluginName(), home, loader, swapLock, options.pollMillis);
        monitor.start();
    }

    /** How many admin-console restarts have completed (for the host's tests). */
    int adminConsoleRestarts() {
        return restart.restarts();
    }

    /** The plugin loaded now, or null (for the host's tests). */
    PluginLoader.Loaded currentPlugin() {
        return monitor == null ? null : monitor.current();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops Jetty (running requests finish), unloads the plugin, removes a temporary home. */
    synchronized void stop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            HostLog.line("Jetty did not stop cleanly: " + HostLog.describe(e));
        }
        if (monitor != null) {
            monitor.stop();
            monitor = null;
        }
        if (temporaryHome) {
            try {
                PluginLoader.deleteTree(home);
            } catch (IOException e) {
                HostLog.line("could not delete the temporary home " + home + ": " + e.getMessage());
            }
        }
        HostLog.line("stopped");
    }

    private static ServletHolder staticFiles(String name, Path folder) {
        ServletHolder holder = new ServletHolder(name, DefaultServlet.class);
        holder.setInitParameter("resourceBase", folder.toAbsolutePath().toString());
        holder.setInitParameter("pathInfoOnly", "true");
        holder.setInitParameter("dirAllowed", "false");
        holder.setInitParameter("etags", "true");
        return holder;
    }

    /** Turns on DefaultServlet's in-memory content cache (Jetty 9.4 creates it only when one of
     * these is set): small files are then served from memory, the container's best static case,
     * which is what the benchmarks compare the plugin with. */
    private static ServletHolder cachedInMemory(ServletHolder holder) {
        holder.setInitParameter("maxCacheSize", Integer.toString(4 * 1024 * 1024));
        holder.setInitParameter("maxCachedFileSize", Integer.toString(64 * 1024));
        holder.setInitParameter("maxCachedFiles", "64");
        return holder;
    }

    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowServlet(false);
        errors.setShowMessageInTitle(false);
        return errors;
    }
}

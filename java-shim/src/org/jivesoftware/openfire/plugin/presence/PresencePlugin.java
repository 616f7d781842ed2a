package org.jivesoftware.openfire.plugin.presence;

import java.io.File;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.admin.AuthCheckFilter;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentManagerFactory;

/**
 * The Openfire plugin. initializePlugin: lets /plugins/presence/status through the admin login
 * (and keeps it so, see EXCLUDE_REFRESH_MILLIS), registers the settings as Openfire system
 * properties, loads the native core, registers the "presence" component and the web-presence
 * ad-hoc command (WebPresenceCommand), and publishes the result
 * to the servlets. destroyPlugin undoes all of it. Failures are logged, never thrown into Openfire.
 */
public class PresencePlugin implements Plugin {
    /** The AuthCheckFilter exclusion: the status servlet needs no admin login. */
    static final String STATUS_EXCLUDE = "presence/status";
    /**
     * How often the exclusion is registered again. Openfire 4.6.8, 4.7.5 and 4.8.0 to 5.0.5 empty
     * AuthCheckFilter's excludes whenever the admin console restarts (after setup, a certificate
     * store change, port or TLS property changes), and no event tells a plugin about it; until the
     * exclusion is back, every status request is redirected to the login page. Openfire offers no
     * way to read the excludes, so the plugin re-adds it on this fixed period: addExclude is an
     * add to a concurrent hash set on every line from 4.5.0 to main (idempotent, no allocation
     * once present), so the cost is one hash lookup per period on one daemon thread, and a restart
     * leaves the status URL behind the login for at most about one period.
     */
    static final long EXCLUDE_REFRESH_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PresencePlugin.class);

    private PluginState state;
    private boolean componentRegistered;
    private ScheduledExecutorService excludeRefresher;
    /** The registered ad-hoc command, or null. */
    private WebPresenceCommand command;

    /** An action that may fail with anything. */
    private interface Step {
        void run() throws Exception;
    }

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        attempt("register the status exclusion", () -> AuthCheckFilter.addExclude(STATUS_EXCLUDE));
        excludeRefresher = startExcludeRefresher();
        attempt("register the settings as Openfire system properties", PresenceSettings::register);
        attempt("create the request-signing secret", PresenceSettings::secret);
        NativeLibrary.Status nativeStatus = NativeLibrary.load();
        if (nativeStatus.loaded()) {
            LOG.info("presence: native core loaded");
        } else {
            LOG.error("presence: status requests will be answered 503: {}", nativeStatus.reason());
        }
        ComponentPresenceProbe probe = new ComponentPresenceProbe();
        componentRegistered = attempt("register the presence component", () ->
                ComponentManagerFactory.getComponentManager().addComponent(ComponentPresenceProbe.SUBDOMAIN, probe));
        WebPresenceCommand webPresence = new WebPresenceCommand(pluginDirectory);
        if (attempt("register the web-presence ad-hoc command", () ->
                XMPPServer.getInstance().getAdHocCommandHandler().addCommand(webPresence))) {
            command = webPresence;
        }
        state = new PluginState(pluginDirectory, nativeStatus, componentRegistered ? probe : null);
        PluginState.publish(state);
    }

    @Override
    public void destroyPlugin() {
        PluginState published = state;
        state = null;
        if (published != null) {
            PluginState.withdraw(published);
        }
        WebPresenceCommand registered = command;
        command = null;
        if (registered != null) {
            attempt("remove the web-presence ad-hoc command", () ->
                    XMPPServer.getInstance().getAdHocCommandHandler().removeCommand(registered));
        }
        stopExcludeRefresher();
        attempt("remove the status exclusion", () -> AuthCheckFilter.removeExclude(STATUS_EXCLUDE));
        attempt("unregister the settings' system properties", PresenceSettings::unregister);
        if (componentRegistered) {
            componentRegistered = false;
            attempt("remove the presence component", () ->
                    ComponentManagerFactory.getComponentManager().removeComponent(ComponentPresenceProbe.SUBDOMAIN));
        }
        if (published != null && published.probe() != null) {
            published.probe().shutdown();
        }
    }

    /** A daemon thread that re-adds STATUS_EXCLUDE every EXCLUDE_REFRESH_MILLIS (a failure is logged
     *  once and stops it: the same call would keep failing). */
    private static ScheduledExecutorService startExcludeRefresher() {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "presence-exclude-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            if (!attempt("register the status exclusion again", () -> AuthCheckFilter.addExclude(STATUS_EXCLUDE))) {
                refresher.shutdown();
            }
        }, EXCLUDE_REFRESH_MILLIS, EXCLUDE_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        return refresher;
    }

    /** Stops the refresher and waits (bounded) for a running re-add, so none follows removeExclude. */
    private void stopExcludeRefresher() {
        ScheduledExecutorService refresher = excludeRefresher;
        excludeRefresher = null;
        if (refresher == null) {
            return;
        }
        refresher.shutdownNow();
        try {
            if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.error("presence: the exclusion refresher did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs step; logs and returns false when it fails. */
    private static boolean attempt(String what, Step step) {
        try {
            step.run();
            return true;
        } catch (Exception | LinkageError e) {
            LOG.error("presence: could not {}: {}", what, LogText.clean(e.toString()));
            return false;
        }
    }
}

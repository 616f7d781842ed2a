package org.jivesoftware.openfire.plugin.presence;

import java.io.File;
import org.jivesoftware.admin.AuthCheckFilter;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentManagerFactory;

/**
 * The Openfire plugin. initializePlugin: lets /plugins/presence/status through the admin login,
 * loads the native core, registers the "presence" component, and publishes the result to the
 * servlets. destroyPlugin undoes all of it. Failures are logged, never thrown into Openfire.
 */
public class PresencePlugin implements Plugin {
    /** The AuthCheckFilter exclusion: the status servlet needs no admin login. */
    static final String STATUS_EXCLUDE = "presence/status";
    private static final Logger LOG = LoggerFactory.getLogger(PresencePlugin.class);

    private PluginState state;
    private boolean componentRegistered;

    /** An action that may fail with anything. */
    private interface Step {
        void run() throws Exception;
    }

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        attempt("register the status exclusion", () -> AuthCheckFilter.addExclude(STATUS_EXCLUDE));
        NativeLibrary.Status nativeStatus = NativeLibrary.load();
        if (nativeStatus.loaded()) {
            LOG.info("presence: native core loaded");
        } else {
            LOG.error("presence: status requests will be answered 503: {}", nativeStatus.reason());
        }
        ComponentPresenceProbe probe = new ComponentPresenceProbe();
        componentRegistered = attempt("register the presence component", () ->
                ComponentManagerFactory.getComponentManager().addComponent(ComponentPresenceProbe.SUBDOMAIN, probe));
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
        attempt("remove the status exclusion", () -> AuthCheckFilter.removeExclude(STATUS_EXCLUDE));
        if (componentRegistered) {
            componentRegistered = false;
            attempt("remove the presence component", () ->
                    ComponentManagerFactory.getComponentManager().removeComponent(ComponentPresenceProbe.SUBDOMAIN));
        }
        if (published != null && published.probe() != null) {
            published.probe().shutdown();
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

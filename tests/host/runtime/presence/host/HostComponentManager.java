/* Tinder's ComponentManager over the host: registers the plugin's components as
 * subdomain.domain and delivers the answers of the directory's external components to them. */
package presence.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public final class HostComponentManager implements ComponentManager {
    public static final HostComponentManager INSTANCE = new HostComponentManager();

    private record Registered(Component component, JID jid) {
    }

    private final Map<String, Registered> registered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "presence-host-component-delivery");
        thread.setDaemon(true);
        return thread;
    });

    private HostComponentManager() {
    }

    /** initialize(subdomain.domain, this), then registers it and calls start(). */
    @Override
    public void addComponent(String subdomain, Component component) throws ComponentException {
        if (subdomain == null || component == null) {
            throw new ComponentException("subdomain and component are required");
        }
        JID jid;
        try {
            jid = new JID(subdomain + "." + Directory.installed().domain());
        } catch (IllegalArgumentException e) {
            throw new ComponentException("invalid subdomain '" + subdomain + "': " + e.getMessage());
        }
        if (registered.containsKey(subdomain)) {
            throw new ComponentException("a component is already registered as " + jid);
        }
        component.initialize(jid, this);
        if (registered.putIfAbsent(subdomain, new Registered(component, jid)) != null) {
            throw new ComponentException("a component is already registered as " + jid);
        }
        component.start();
        HostLog.line("component " + jid + " registered");
    }

    /** Unregisters the component of subdomain (if any) and calls its shutdown(). */
    @Override
    public void removeComponent(String subdomain) throws ComponentException {
        Registered removed = subdomain == null ? null : registered.remove(subdomain);
        if (removed != null) {
            removed.component().shutdown();
            HostLog.line("component " + removed.jid() + " removed");
        }
    }

    /** The sub-domains of registered components whose classes come from loader. */
    public List<String> registeredBy(ClassLoader loader) {
        List<String> subdomains = new ArrayList<>();
        registered.forEach((subdomain, entry) -> {
            if (entry.component().getClass().getClassLoader() == loader) {
                subdomains.add(subdomain);
            }
        });
        return subdomains;
    }

    /**
     * When probee is the address of an answering component of the directory, delivers its
     * presence (to = prober) to the registered component at prober's domain after the
     * component's delay; otherwise does nothing, like a probe nobody answers.
     */
    void answerProbe(JID prober, JID probee) {
        String suffix = "." + Directory.installed().domain();
        if (prober == null || probee == null || probee.getNode() != null || !probee.getDomain().endsWith(suffix)) {
            return;
        }
        String subdomain = probee.getDomain().substring(0, probee.getDomain().length() - suffix.length());
        Directory.Component entry = Directory.installed().component(subdomain);
        if (entry == null || !entry.answers()) {
            return;
        }
        Presence answer = Packets.presence(new JID(probee.getDomain()), prober,
                entry.available() ? null : Presence.Type.unavailable, entry.show(), entry.status(), null, null);
        deliveries.schedule(() -> deliver(prober, answer), entry.delayMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(JID prober, Presence answer) {
        for (Registered target : registered.values()) {
            if (target.jid().getDomain().equals(prober.getDomain())) {
                try {
                    target.component().processPacket(answer);
                } catch (RuntimeException | Error e) {
                    HostLog.line("component " + target.jid() + " failed in processPacket: " + HostLog.describe(e));
                }
                return;
            }
        }
    }
}

package org.jivesoftware.openfire.plugin.presence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jivesoftware.openfire.XMPPServer;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * The "presence" component: asks other components of this server for their presence.
 * A component's address is its domain: presenceOf(node@gateway.example.com) asks, and answers,
 * gateway.example.com, because a component's presence is the service's, whatever node is asked
 * (so distinct nodes cannot make distinct probes). Every cost is bounded, since anyone can ask:
 * - one probe per component address: concurrent callers share it;
 * - at most MAX_WAITERS callers wait for probes at once (all addresses together); a caller
 *   beyond that gets null at once, so a flood of requests for silent components cannot hold
 *   more than MAX_WAITERS of the container's threads;
 * - at most MAX_PENDING probes in flight (no more than MAX_WAITERS can be, as each has a waiter);
 * - the outcome is kept for CACHE_MILLIS: an answer, or "no answer" after a timeout, so an
 *   unanswering component is probed at most once per CACHE_MILLIS and an answer arriving after
 *   its timeout is dropped (probe answers carry nothing that ties them to a probe, so it could
 *   otherwise answer a later request's probe); the cache holds at most MAX_ENTRIES.
 * Answers arrive through processPacket().
 */
final class ComponentPresenceProbe implements Component {
    static final String SUBDOMAIN = "presence";
    static final long CACHE_MILLIS = 10_000;
    static final int MAX_ENTRIES = 1024;
    static final int MAX_WAITERS = 16;
    static final int MAX_PENDING = MAX_WAITERS;

    /** A probe's outcome: the answer, or null when none came in time. */
    private static final class Answer {
        private final Presence presence;
        private final long receivedNanos;

        Answer(Presence presence, long receivedNanos) {
            this.presence = presence;
            this.receivedNanos = receivedNanos;
        }

        Presence presence() {
            return presence;
        }

        boolean fresh() {
            return System.nanoTime() - receivedNanos < TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS);
        }
    }

    private final ConcurrentHashMap<String, CompletableFuture<Presence>> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    private volatile JID componentJid;

    @Override
    public String getName() {
        return "Presence Service";
    }

    @Override
    public String getDescription() {
        return "Probes the presence of this server's components for the presence HTTP service";
    }

    @Override
    public void initialize(JID jid, ComponentManager componentManager) {
        componentJid = jid;
    }

    @Override
    public void start() {
    }

    @Override
    public void shutdown() {
        componentJid = null;
        pending.values().forEach(probe -> probe.complete(null));
        pending.clear();
        answers.clear();
    }

    /** Takes answers to our probes (available, unavailable or error presences); ignores the rest. */
    @Override
    public void processPacket(Packet packet) {
        if (!(packet instanceof Presence)) {
            return;
        }
        Presence presence = (Presence) packet;
        if (presence.getFrom() == null || presence.getFrom().getNode() != null) {
            return;  // a component answers from its own address (the domain, maybe a resource)
        }
        if (!presence.isAvailable() && presence.getType() != Presence.Type.unavailable
                && presence.getType() != Presence.Type.error) {
            return;
        }
        String address = presence.getFrom().getDomain();
        CompletableFuture<Presence> probe = pending.remove(address);
        if (probe == null) {
            return;  // not asked for (or too late): not cached, so the maps stay bounded
        }
        remember(address, presence);
        probe.complete(presence);
    }

    /**
     * The presence the component at target's domain answered, or null when it did not answer
     * within timeoutMillis (now or in the last CACHE_MILLIS), when MAX_WAITERS callers already
     * wait or MAX_PENDING probes are in flight (null at once), or when this component is not
     * registered.
     */
    Presence presenceOf(JID target, long timeoutMillis) {
        String address = target.getDomain();
        Answer cached = answers.get(address);
        if (cached != null && cached.fresh()) {
            return cached.presence();
        }
        JID self = componentJid;
        if (self == null || !waiters.tryAcquire()) {
            return null;
        }
        try {
            CompletableFuture<Presence> probe = pending.get(address);
            if (probe == null) {
                if (pending.size() >= MAX_PENDING) {
                    return null;
                }
                CompletableFuture<Presence> created = new CompletableFuture<>();
                probe = pending.putIfAbsent(address, created);
                if (probe == null) {
                    probe = created;
                    sendProbe(self, address, created);
                }
            }
            return await(address, probe, timeoutMillis);
        } finally {
            waiters.release();
        }
    }

    /** The fresh cached outcome for target's component (null: none, or "no answer"); never probes. */
    Presence cachedPresenceOf(JID target) {
        Answer cached = answers.get(target.getDomain());
        return cached != null && cached.fresh() ? cached.presence() : null;
    }

    /** How many callers wait for a probe now (at most MAX_WAITERS). */
    int waiting() {
        return MAX_WAITERS - waiters.availablePermits();
    }

    /** How many probes are in flight now (at most MAX_PENDING). */
    int pendingProbes() {
        return pending.size();
    }

    /** How many outcomes are cached now (at most MAX_ENTRIES). */
    int cachedOutcomes() {
        return answers.size();
    }

    private void sendProbe(JID self, String address, CompletableFuture<Presence> probe) {
        try {
            XMPPServer.getInstance().getPresenceManager().probePresence(self, new JID(address));
        } catch (RuntimeException e) {
            pending.remove(address, probe);
            probe.complete(null);
            throw e;
        }
    }

    /**
     * Waits for probe; the first caller whose wait ends without an answer withdraws the probe,
     * remembers "no answer" and releases every other caller of the same probe with null.
     */
    private Presence await(String address, CompletableFuture<Presence> probe, long timeoutMillis) {
        try {
            return probe.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (pending.remove(address, probe)) {
                remember(address, null);
            }
            probe.complete(null);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(address, probe);
            probe.complete(null);
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private void remember(String address, Presence presence) {
        if (answers.size() >= MAX_ENTRIES) {
            answers.values().removeIf(answer -> !answer.fresh());
        }
        if (answers.size() < MAX_ENTRIES) {
            answers.put(address, new Answer(presence, System.nanoTime()));
        }
    }
}

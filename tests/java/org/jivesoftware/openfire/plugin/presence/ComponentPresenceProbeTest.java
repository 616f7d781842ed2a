package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.xmpp.component.ComponentManagerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;
import presence.host.Directory;
import presence.host.Packets;

/** ComponentPresenceProbe: answers through processPacket, shared waits, timeouts, the cache, its bounds. */
public class ComponentPresenceProbeTest {
    private final ComponentPresenceProbe probe = new ComponentPresenceProbe();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @Before
    public void setUp() throws Exception {
        TestDirectory.install();
        ComponentManagerFactory.getComponentManager().addComponent(ComponentPresenceProbe.SUBDOMAIN, probe);
    }

    @After
    public void tearDown() throws Exception {
        pool.shutdownNow();
        ComponentManagerFactory.getComponentManager().removeComponent(ComponentPresenceProbe.SUBDOMAIN);
        probe.shutdown();
    }

    private static Presence answer(String from, Presence.Type type, String status) {
        return Packets.presence(new JID(from), new JID("presence.example.com"), type, null, status, null, null);
    }

    private Future<Presence> ask(String address, long timeoutMillis) {
        return pool.submit(() -> probe.presenceOf(new JID(address), timeoutMillis));
    }

    @Test
    public void anAnswerEndsTheWaitOfEveryoneAsking() throws Exception {
        List<Future<Presence>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(ask("gateway.example.com", 5000));
        }
        Thread.sleep(200);
        long start = System.nanoTime();
        probe.processPacket(answer("gateway.example.com/resource", null, "Ready"));
        for (Future<Presence> result : waiting) {
            assertEquals("Ready", result.get(2, TimeUnit.SECONDS).getStatus());
        }
        assertTrue("answered at once", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    public void answersAreCached() throws Exception {
        assertEquals("Sunny", probe.presenceOf(new JID("weather.example.com"), 2000).getStatus());
        Directory.install(Directory.fromJson(TestDirectory.JSON.replace("\"answers\": true", "\"answers\": false")));
        Presence cached = probe.presenceOf(new JID("weather.example.com"), 0);
        assertEquals("the second request within 10 s uses the cached answer", "Sunny", cached.getStatus());
    }

    @Test
    public void theCachedOutcomeIsReadWithoutAProbe() throws Exception {
        assertNull("nothing cached yet", probe.cachedPresenceOf(new JID("weather.example.com")));
        assertEquals("nothing was probed", 0, probe.cachedOutcomes());
        assertEquals("Sunny", probe.presenceOf(new JID("weather.example.com"), 2000).getStatus());
        assertEquals("Sunny", probe.cachedPresenceOf(new JID("node@weather.example.com")).getStatus());
    }

    @Test
    public void noAnswerTimesOut() {
        long start = System.nanoTime();
        assertNull(probe.presenceOf(new JID("silent.example.com"), 300));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue("waited " + waited + " ms", waited >= 250 && waited < 2000);
        assertNull("zero timeout: no wait", probe.presenceOf(new JID("silent.example.com"), 0));
    }

    @Test
    public void noAnswerIsRememberedAndALateAnswerIsDropped() throws Exception {
        assertNull(probe.presenceOf(new JID("late.example.com"), 200));
        probe.processPacket(answer("late.example.com", null, "Too late"));
        long start = System.nanoTime();
        assertNull("still no answer within the cache period", probe.presenceOf(new JID("late.example.com"), 2000));
        assertTrue("answered from the cache, without a new probe and wait",
            System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    public void unaskedAndIrrelevantPacketsAreIgnored() throws Exception {
        probe.processPacket(answer("unasked.example.com", null, "Hello"));
        assertNull("unasked answers are not cached", probe.presenceOf(new JID("unasked.example.com"), 0));
        Future<Presence> waiting = ask("gateway.example.com", 600);
        Thread.sleep(100);
        probe.processPacket(answer("gateway.example.com", Presence.Type.subscribe, "not an answer"));
        probe.processPacket(answer("other.example.com", null, "not the one asked"));
        assertNull(waiting.get(2, TimeUnit.SECONDS));
    }

    @Test
    public void errorAndUnavailableAnswersAreAnswers() throws Exception {
        Future<Presence> waiting = ask("broken.example.com", 5000);
        Thread.sleep(100);
        probe.processPacket(answer("broken.example.com", Presence.Type.error, null));
        assertEquals(Presence.Type.error, waiting.get(2, TimeUnit.SECONDS).getType());
    }

    @Test
    public void unregisteredOrShutDownAnswersNothing() throws Exception {
        Future<Presence> waiting = ask("gateway.example.com", 5000);
        Thread.sleep(100);
        probe.shutdown();
        assertNull("shutdown releases waiting requests", waiting.get(2, TimeUnit.SECONDS));
        assertNull(new ComponentPresenceProbe().presenceOf(new JID("weather.example.com"), 1000));
    }

    @Test
    public void everyNodeOfAComponentSharesTheComponentsOneProbe() throws Exception {
        ExecutorService many = Executors.newFixedThreadPool(10);
        try {
            List<Future<Presence>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String node = "n" + i + "@silent.example.com";
                waiting.add(many.submit(() -> probe.presenceOf(new JID(node), 5000)));
            }
            Thread.sleep(300);
            assertEquals("one probe for the component, not one per node", 1, probe.pendingProbes());
            assertEquals(10, probe.waiting());
            probe.processPacket(answer("silent.example.com", null, "Finally"));
            for (Future<Presence> result : waiting) {
                assertEquals("Finally", result.get(2, TimeUnit.SECONDS).getStatus());
            }
            assertEquals("a node is answered from the component's cached answer", "Finally",
                    probe.presenceOf(new JID("other@silent.example.com"), 0).getStatus());
            probe.processPacket(answer("n1@gateway.example.com", null, "from a node"));
            assertNull("only the component's own address answers", probe.presenceOf(new JID("gateway.example.com"), 0));
        } finally {
            many.shutdownNow();
        }
    }

    @Test
    public void atMostMaxWaitersWaitAndTheRestAreAnsweredAtOnce() throws Exception {
        int callers = ComponentPresenceProbe.MAX_WAITERS + 24;
        ExecutorService many = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Long>> took = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String address = "mute" + i + ".example.com";
                took.add(many.submit(() -> {
                    long start = System.nanoTime();
                    assertNull(probe.presenceOf(new JID(address), 1500));
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
            }
            Thread.sleep(500);
            assertEquals(ComponentPresenceProbe.MAX_WAITERS, probe.waiting());
            assertTrue("probes in flight: " + probe.pendingProbes(),
                    probe.pendingProbes() <= ComponentPresenceProbe.MAX_PENDING);
            int immediate = 0;
            for (Future<Long> millis : took) {
                if (millis.get(5, TimeUnit.SECONDS) < 400) {
                    immediate++;
                }
            }
            assertEquals("callers beyond the bound get no answer at once", 24, immediate);
            assertEquals(0, probe.waiting());
            assertEquals(0, probe.pendingProbes());
        } finally {
            many.shutdownNow();
        }
    }

    @Test
    public void theCacheStaysBounded() {
        for (int i = 0; i < ComponentPresenceProbe.MAX_ENTRIES * 3; i++) {
            assertNull(probe.presenceOf(new JID("c" + i + ".example.com"), 0));
        }
        assertTrue("cached: " + probe.cachedOutcomes(), probe.cachedOutcomes() <= ComponentPresenceProbe.MAX_ENTRIES);
        assertEquals(0, probe.pendingProbes());
        assertEquals(0, probe.waiting());
    }

    @Test
    public void aTimeoutReleasesEveryCallerOfTheSameProbe() throws Exception {
        Future<Presence> first = ask("quiet.example.com", 300);
        Thread.sleep(150);
        long start = System.nanoTime();
        Future<Presence> second = ask("x@quiet.example.com", 5000);
        assertNull(first.get(2, TimeUnit.SECONDS));
        assertNull(second.get(2, TimeUnit.SECONDS));
        assertTrue("the second caller is released with the first",
                System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1000));
    }
}

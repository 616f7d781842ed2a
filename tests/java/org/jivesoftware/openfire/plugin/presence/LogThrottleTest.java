package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** LogText.Throttle: one line per window per kind, with the count of the lines suppressed. */
public class LogThrottleTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final LogText.Throttle throttle = new LogText.Throttle(clock::get);

    private void advanceMillis(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    public void aFloodWritesOneLinePerWindowAndCountsTheRest() {
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            if (throttle.admit() >= 0) {
                written++;
            }
            advanceMillis(1);  // 1000 lines in one second
        }
        assertEquals(1, written);
        advanceMillis(LogText.Throttle.WINDOW_MILLIS);
        assertEquals("the next line reports the suppressed ones", 999, throttle.admit());
        assertEquals(-1, throttle.admit());
        advanceMillis(LogText.Throttle.WINDOW_MILLIS);
        assertEquals(1, throttle.admit());
    }

    @Test
    public void theFirstLineIsWrittenAtOnce() {
        assertEquals(0, throttle.admit());
        assertEquals(-1, throttle.admit());
        advanceMillis(LogText.Throttle.WINDOW_MILLIS - 1);
        assertEquals(-1, throttle.admit());
        advanceMillis(1);
        assertEquals(2, throttle.admit());
    }

    @Test
    public void concurrentCallersWriteOneLine() throws Exception {
        AtomicLong admitted = new AtomicLong();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (throttle.admit() >= 0) {
                        admitted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, admitted.get());
        advanceMillis(LogText.Throttle.WINDOW_MILLIS);
        assertEquals(79_999, throttle.admit());
    }

    @Test
    public void theSuffixNamesTheCount() {
        assertEquals("", LogText.Throttle.suffix(0));
        assertTrue(LogText.Throttle.suffix(5).contains("5 similar lines suppressed"));
    }
}

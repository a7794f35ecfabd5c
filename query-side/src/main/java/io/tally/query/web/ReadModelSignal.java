package io.tally.query.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells readers waiting for a version ({@code minVersion}) that the projection they read has
 * committed a batch in this instance, so they read again at once instead of on their next poll.
 * A projection running in another instance does not signal here; the waiters' short poll covers it.
 */
public final class ReadModelSignal {

    private static final Object MONITOR = new Object();
    private static final Map<String, AtomicLong> GENERATIONS = new ConcurrentHashMap<>();

    private ReadModelSignal() {
    }

    /** Called after a batch of {@code projection} committed. */
    public static void changed(String projection) {
        generationOf(projection).incrementAndGet();
        synchronized (MONITOR) {
            MONITOR.notifyAll();
        }
    }

    /** How many commits of {@code projection} have been signalled; read it before reading its read model. */
    public static long generation(String projection) {
        return generationOf(projection).get();
    }

    /** Returns when a commit of {@code projection} after {@code seen} is signalled, or after {@code maxMillis}. */
    static void awaitAfter(String projection, long seen, long maxMillis) throws InterruptedException {
        AtomicLong generation = generationOf(projection);
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        synchronized (MONITOR) {
            long left;
            while (generation.get() == seen && (left = deadline - System.nanoTime()) > 0) {
                MONITOR.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static AtomicLong generationOf(String projection) {
        return GENERATIONS.computeIfAbsent(projection, name -> new AtomicLong());
    }
}

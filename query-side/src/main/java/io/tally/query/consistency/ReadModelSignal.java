package io.tally.query.consistency;

import io.tally.axon.caching.RecentlyUsed;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells readers waiting for a version ({@code minVersion}) that a projection of this instance has
 * committed events of the aggregate they wait for, so each reads its row again only then, not on
 * every commit of the projection (under load that was every few milliseconds for every waiting
 * reader). A signal carries the newest version of the aggregate the batch held, so a reader waiting
 * for it reads its answer at once instead of first asking the row's version. The newest version
 * committed here is remembered per aggregate, so while this instance projects every segment a read
 * that asks for a version not committed yet waits before it reads anything. Readers also look on
 * their own every so often: another instance may project the row.
 */
public final class ReadModelSignal {

    private record Watched(String projection, String aggregate) {}

    private static final Map<Watched, List<Watch>> WATCHES = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> ALL_SEGMENTS_HERE = new ConcurrentHashMap<>();
    private static final RecentlyUsed<Watched, Long> COMMITTED = new RecentlyUsed<>(100_000);

    private ReadModelSignal() {}

    /**
     * Called after a batch of {@code projection} committed, with the aggregates its events belong to
     * and the newest version (sequence number) of each among them.
     */
    public static void changed(String projection, Map<String, Long> versions) {
        versions.forEach((aggregate, version) -> {
            Watched watched = new Watched(projection, aggregate);
            COMMITTED.apply(committed -> committed.merge(watched, version, Math::max));
            List<Watch> watches = WATCHES.get(watched);
            if (watches != null) {
                watches.forEach(watch -> watch.touch(version));
            }
        });
    }

    /** Whether this instance processes every segment of {@code projection}, so no other commits its rows. */
    public static void allSegmentsHere(String projection, boolean all) {
        ALL_SEGMENTS_HERE.put(projection, all);
    }

    static boolean allSegmentsHere(String projection) {
        return ALL_SEGMENTS_HERE.getOrDefault(projection, false);
    }

    /**
     * The newest version of the aggregate this instance has committed to the projection, while it
     * processes all of the projection's segments (empty otherwise, or when it has committed none).
     */
    static OptionalLong committed(String projection, String aggregate) {
        Watched watched = new Watched(projection, aggregate);
        Long version = allSegmentsHere(projection) ? COMMITTED.apply(committed -> committed.get(watched)) : null;
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** Starts watching for commits of {@code aggregate}'s events by {@code projection}; close it when done. */
    static Watch watch(String projection, String aggregate) {
        Watch watch = new Watch(new Watched(projection, aggregate));
        WATCHES.compute(watch.watched, (key, watches) -> {
            List<Watch> all = watches == null ? new CopyOnWriteArrayList<>() : watches;
            all.add(watch);
            return all;
        });
        return watch;
    }

    static final class Watch implements AutoCloseable {

        private final Watched watched;
        private boolean touched;
        private long newest = -1;

        private Watch(Watched watched) {
            this.watched = watched;
        }

        private synchronized void touch(long version) {
            touched = true;
            newest = Math.max(newest, version);
            notifyAll();
        }

        /**
         * Returns when a commit was signalled since the last call, with the newest version committed,
         * or empty after {@code maxMillis} without one.
         */
        synchronized OptionalLong await(long maxMillis) throws InterruptedException {
            long deadline = System.nanoTime() + maxMillis * 1_000_000;
            long left;
            while (!touched && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
            OptionalLong committed = touched ? OptionalLong.of(newest) : OptionalLong.empty();
            touched = false;
            newest = -1;
            return committed;
        }

        @Override
        public void close() {
            WATCHES.computeIfPresent(watched, (key, watches) -> {
                watches.remove(this);
                return watches.isEmpty() ? null : watches;
            });
        }
    }
}

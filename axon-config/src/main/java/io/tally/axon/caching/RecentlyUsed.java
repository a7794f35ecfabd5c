package io.tally.axon.caching;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A bounded map that drops the least recently used entry first, for memories of what is busy now:
 * the aggregates a saga is moving, the versions clients are following. An order or a payment is
 * busy for the seconds of its saga and rarely touched again, so recency is the whole signal.
 * Caffeine's size bound (W-TinyLFU) admits by frequency instead, and once full it turned fresh
 * entries away for thousands of orders until its policy adapted (docs/benchmark-results.md, change 22).
 */
public final class RecentlyUsed<K, V> {

    private final ReentrantLock lock = new ReentrantLock();
    /** In access order (a read is a use), guarded by {@link #lock}. */
    private final Map<K, V> entries;

    public RecentlyUsed(long maximumSize) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maximumSize;
            }
        };
    }

    /** Runs {@code action} on the entries under this map's lock; the least recently used go once over the size. */
    public <T> T apply(Function<Map<K, V>, T> action) {
        lock.lock();
        try {
            return action.apply(entries);
        } finally {
            lock.unlock();
        }
    }
}

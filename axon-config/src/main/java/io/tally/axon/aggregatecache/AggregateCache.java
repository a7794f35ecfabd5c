package io.tally.axon.aggregatecache;

import io.tally.axon.caching.RecentlyUsed;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The aggregates one instance has loaded or written, for Axon's caching repository: a command on a
 * cached aggregate loads nothing from the store. Bounded, the least recently used out first
 * ({@link RecentlyUsed}).
 * Another instance may append to a cached aggregate: every event this instance reads from the log
 * (its processors read all of it, about 50 ms behind the head) drops a cached aggregate older than
 * the event ({@link #evictIfBehind}), and within that window every hit is recorded in the command's
 * unit of work with the version it served, for {@link CachedAggregateCheck}: a command that appends
 * is checked by the store's unique (aggregate, sequence) key, one that appends nothing (a refusal, a
 * no-op, a quote) by the stored version.
 */
public final class AggregateCache implements Cache {

    /** The unit of work's resource: aggregate identifier to the version this cache served it at. */
    static final String HITS = AggregateCache.class.getName() + ".hits";

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RecentlyUsed<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public AggregateCache(long maximumSize) {
        this.entries = new RecentlyUsed<>(maximumSize);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.apply(map -> map.get(key));
        if (value instanceof AggregateCacheEntry<?> entry && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get()
                    .<Map<String, Long>>getOrComputeResource(HITS, name -> new HashMap<>())
                    .put(key.toString(), version(entry));
        }
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    /** Drops the aggregate if what is cached is older than an event of it read from the log. */
    void evictIfBehind(String aggregateIdentifier, long sequenceNumber) {
        entries.apply(map -> map.computeIfPresent(
                aggregateIdentifier,
                (key, value) -> value instanceof AggregateCacheEntry<?> entry && version(entry) < sequenceNumber
                        ? null
                        : value));
    }

    private static long version(AggregateCacheEntry<?> entry) {
        Long version = (Long) VERSION.get(entry);
        return version == null ? -1L : version;
    }

    @Override
    public void put(Object key, Object value) {
        boolean replaced = entries.apply(map -> map.put(key, value)) != null;
        listeners.forEach(listener -> {
            if (replaced) {
                listener.onEntryUpdated(key, value);
            } else {
                listener.onEntryCreated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean put = entries.apply(map -> map.putIfAbsent(key, value)) == null;
        if (put) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return put;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.apply(map -> map.remove(key)) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.apply(map -> {
            map.clear();
            return null;
        });
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.apply(map -> map.containsKey(key));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.apply(map -> map.computeIfPresent(key, (k, value) -> update.apply((V) value)));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

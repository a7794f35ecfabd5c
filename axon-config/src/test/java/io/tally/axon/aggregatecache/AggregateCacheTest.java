package io.tally.axon.aggregatecache;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

class AggregateCacheTest {

    /** An aggregate as Axon's caching repository caches it. */
    static class Counter {
        @AggregateIdentifier
        String id = "counter-1";
    }

    /**
     * The cache reads the version of Axon's cache entry from its private field (Axon has no getter):
     * an upgrade of Axon that renames, retypes or drops the field fails here (and at the service's
     * start), never by evicting the wrong entries. The entry is built as Axon's repository builds it.
     */
    @Test
    void theVersionOfAxonsCacheEntryDecidesWhatAnEventFromTheLogEvicts() {
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.initialize(
                new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class),
                null,
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initSequence(5);
        AggregateCache cache = new AggregateCache(10);
        cache.put("counter-1", new AggregateCacheEntry<>(aggregate));

        cache.evictIfBehind("counter-1", 5);
        assertThat(cache.containsKey("counter-1"))
                .as("an event the cached copy already holds")
                .isTrue();
        cache.evictIfBehind("counter-1", 6);
        assertThat(cache.containsKey("counter-1"))
                .as("an event after the cached copy")
                .isFalse();
    }

    /**
     * Orders as the saga moves them: each created, then used by the next few commands while newer
     * ones are created. Caffeine's size bound (W-TinyLFU), used before, turned 163 of these reads
     * away once the cache was full; on the running system, with the cache at 1,000, that was 1.5
     * aggregate loads an order ({@code ./tally bench cost 1000}).
     */
    @Test
    void aFullCacheKeepsTheAggregatesInUse() {
        AggregateCache cache = new AggregateCache(1_000);
        int misses = 0;
        for (int order = 0; order < 20_000; order++) {
            cache.put("order-" + order, new Object());
            for (int back = 2; back <= 6 && back <= order; back += 2) {
                String earlier = "order-" + (order - back);
                if (cache.get(earlier) == null) {
                    misses++;
                    cache.put(earlier, new Object());
                }
            }
        }
        assertThat(misses).isZero();
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        AggregateCache cache = new AggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Object) cache.get("a")).isEqualTo(1);
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void putIfAbsentKeepsWhatIsThere() {
        AggregateCache cache = new AggregateCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Object) cache.get("a")).isEqualTo(1);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
    }
}

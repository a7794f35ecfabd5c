package io.tally.axon.aggregatecache;

import io.tally.axon.ConditionalOnDeparture;
import io.tally.axon.Departure;
import io.tally.axon.eventstore.AppendAwareEventStore;
import io.tally.axon.eventstore.AuthenticatingStorageEngine;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The caches the aggregates name ({@code @Aggregate(cache = ...)}), one per aggregate type so two
 * types never share an identifier, each holding {@code tally.aggregates.cache-size} aggregates,
 * and the check that keeps a cached aggregate honest when several instances write
 * ({@link CachedAggregateCheck}). With Axon Server the events are not in PostgreSQL to check
 * against, and the caches hold nothing. For the service that handles commands only.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCacheConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    @ConditionalOnDeparture(Departure.AGGREGATE_CACHE)
    static class Cached {

        @Bean
        Cache orderCache(@Value("${tally.aggregates.cache-size:10000}") long size, AuthenticatingStorageEngine log) {
            return readingTheLog(new AggregateCache(size), log);
        }

        @Bean
        Cache paymentCache(@Value("${tally.aggregates.cache-size:10000}") long size, AuthenticatingStorageEngine log) {
            return readingTheLog(new AggregateCache(size), log);
        }

        @Bean
        Cache inventoryCache(
                @Value("${tally.aggregates.cache-size:10000}") long size, AuthenticatingStorageEngine log) {
            return readingTheLog(new AggregateCache(size), log);
        }

        /** Every event of an aggregate read from the log drops an older cached copy of it. */
        private static AggregateCache readingTheLog(AggregateCache cache, AuthenticatingStorageEngine log) {
            log.whenRead(event -> cache.evictIfBehind(event.getAggregateIdentifier(), event.getSequenceNumber()));
            return cache;
        }

        @Bean
        CachedAggregateCheck cachedAggregateCheck(AppendAwareEventStore events) {
            return new CachedAggregateCheck(events);
        }
    }

    /** Axon's own default, no cache: with Axon Server, or with {@code tally.axon.stock} naming the cache. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(Uncached.When.class)
    static class Uncached {

        @Bean(name = {"orderCache", "paymentCache", "inventoryCache"})
        Cache noCache() {
            return NoCache.INSTANCE;
        }

        /** Either one turns the cache off. */
        static class When extends AnyNestedCondition {

            When() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
            static class OnAxonServer {}

            @ConditionalOnDeparture(value = Departure.AGGREGATE_CACHE, on = false)
            static class OnStockAxon {}
        }
    }
}

/**
 * Departure {@code aggregate-cache} (docs/axon-departures.md): orders, payments and items kept in memory
 * between commands ({@link io.tally.axon.aggregatecache.AggregateCache}), each use checked against the
 * log when it appends ({@link io.tally.axon.aggregatecache.CachedAggregateCheck}); off, Axon loads every
 * aggregate from its snapshot and events.
 */
package io.tally.axon.aggregatecache;

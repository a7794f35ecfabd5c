/**
 * Departure {@code deferred-tokens} (docs/axon-departures.md): {@link io.tally.axon.tokens.DeferredTokenStore},
 * Axon's JDBC token store with the tokens of skipped events and of idempotent batches written at most
 * every second.
 */
package io.tally.axon.tokens;

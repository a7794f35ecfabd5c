/**
 * The plain-Axon peer of {@code ./tally bench peer}: Tally's own aggregates (io.tally.domain) behind
 * the same order flow, written as a team would with Axon's defaults and none of Tally's extras (no
 * idempotency keys, hash chain, seals, encryption, Elasticsearch, security, limits), so that the two
 * can be costed side by side on one PostgreSQL. A benchmark's yardstick, never deployed.
 */
package io.tally.bench.peer;

/**
 * Departure {@code saga-statements} (docs/axon-departures.md): {@link io.tally.axon.sagas.BatchedSagaStore},
 * Axon's JDBC saga store with a saga, its state and its association values found in one statement and
 * inserted or ended in one.
 */
package io.tally.axon.sagas;

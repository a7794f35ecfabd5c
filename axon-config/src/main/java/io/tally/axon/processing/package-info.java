/**
 * How event processors are put together: their token and saga stores (Axon's own, or the departures in
 * {@code tokens}, {@code sagas} and {@code segments}), dead letters, and which failures are transient.
 */
package io.tally.axon.processing;

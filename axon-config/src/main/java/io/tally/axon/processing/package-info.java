/**
 * Event processors' stores and behaviour: tokens, sagas, dead letters, segments split between
 * instances, which failures are transient.
 */
package io.tally.axon.processing;

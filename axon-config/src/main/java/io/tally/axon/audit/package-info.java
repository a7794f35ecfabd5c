/**
 * Tamper evidence in the event store: the hash chain written with every append, and signed seals
 * over the global log.
 */
package io.tally.axon.audit;

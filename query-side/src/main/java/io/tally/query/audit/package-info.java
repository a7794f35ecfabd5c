/**
 * The auditors' API straight from the event store: streams, the global log, as-of state, export,
 * and verification of chains and seals.
 */
package io.tally.query.audit;

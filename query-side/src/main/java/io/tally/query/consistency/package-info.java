/**
 * Read-your-writes: minVersion waits, woken by the projections as they commit each aggregate's
 * events.
 */
package io.tally.query.consistency;

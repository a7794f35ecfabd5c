/**
 * ./tally check: stock and money recomputed from the event log, the invariants, and read models
 * compared with it.
 */
package io.tally.tools.check;

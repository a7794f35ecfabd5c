/**
 * {@code ./tally chaos}: an open-model load of the real API while a schedule drawn from a seed
 * injects faults into every process {@code ./tally up} starts, then the invariants checked over the
 * recorded history and the stores, and a report (docs/reliability.md).
 */
package io.tally.tools.chaos;

/**
 * An aggregate's state at an earlier point, rebuilt by its own event-sourcing handlers (the
 * auditors' as-of view).
 */
package io.tally.domain.history;

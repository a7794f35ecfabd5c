/**
 * Idempotency-Key: claims shared by every instance in PostgreSQL, replayed answers, keys reused
 * with another body refused.
 */
package io.tally.command.idempotency;

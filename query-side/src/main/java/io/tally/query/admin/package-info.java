/**
 * Operators' features: projection status and lag, dead-letter retries, replays into a copy swapped
 * in without downtime.
 */
package io.tally.query.admin;

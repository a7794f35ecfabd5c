/**
 * Sealing the global log on a schedule, on exactly one instance at a time.
 */
package io.tally.command.audit;

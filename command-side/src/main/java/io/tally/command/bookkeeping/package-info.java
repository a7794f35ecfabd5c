/**
 * Writes that need no WAL flush of their own: a small pool whose commits PostgreSQL does not wait
 * to flush, for rows that a later durable commit (the events) flushes with it, or that are
 * rebuilt when lost. May use Spring's JDBC only.
 */
package io.tally.command.bookkeeping;

/**
 * The command service: REST in, commands to the domain's aggregates, events out. Never imports
 * query-side code.
 */
package io.tally.command;

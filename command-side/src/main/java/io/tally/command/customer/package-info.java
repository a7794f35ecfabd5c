/**
 * Customers' personal data: its erasure endpoint and the vault the aggregates seal with.
 */
package io.tally.command.customer;

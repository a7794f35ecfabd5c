/**
 * The query bus, without a transaction around queries.
 */
package io.tally.query.bus;

/**
 * Every benchmark behind ./tally bench: the Gatling load run, projection lag, audit rates, the
 * JDBC ceiling.
 */
package io.tally.bench;

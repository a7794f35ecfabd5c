/**
 * The PostgreSQL event store: its schema migrations, Axon's JDBC engine, snapshots, upcaster
 * registration, Spring transactions.
 */
package io.tally.axon.eventstore;

/**
 * The order fulfillment saga (reserve, authorise, confirm, ship, compensate), its deadlines in
 * PostgreSQL, its routing and error handling.
 */
package io.tally.command.fulfillment;

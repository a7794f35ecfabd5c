/**
 * The refund endpoint.
 */
package io.tally.command.payment;

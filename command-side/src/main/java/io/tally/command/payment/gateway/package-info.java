/**
 * The sandbox card processor behind the domain's gateway port, and the vault of payment tokens.
 */
package io.tally.command.payment.gateway;

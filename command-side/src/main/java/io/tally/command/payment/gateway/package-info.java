/**
 * The card processor behind the payments: the gateway port and its HTTP adapter (retry and circuit
 * breaker from resilience4j), the payment processor that alone calls it, the operations kept for
 * asking again, and the vault of payment tokens.
 */
package io.tally.command.payment.gateway;

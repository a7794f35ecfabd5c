/**
 * The payment read model with its projector, queries and endpoint.
 */
package io.tally.query.payment;

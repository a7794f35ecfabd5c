/**
 * The payment aggregate (authorise, capture, void, refund) and the upcasters of its older event
 * revisions.
 */
package io.tally.domain.payment;

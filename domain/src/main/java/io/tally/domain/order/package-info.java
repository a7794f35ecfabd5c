/**
 * The order aggregate: placing, confirming, rejecting, cancelling and shipping, with its limits.
 */
package io.tally.domain.order;

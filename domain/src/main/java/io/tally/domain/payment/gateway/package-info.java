/**
 * The port to a card processor that the payment aggregate calls; adapters live with the services.
 */
package io.tally.domain.payment.gateway;

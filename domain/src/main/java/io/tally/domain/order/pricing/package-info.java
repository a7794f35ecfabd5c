/**
 * How an order is priced from the items' prices: discount codes, tax per line, totals in minor
 * units.
 */
package io.tally.domain.order.pricing;

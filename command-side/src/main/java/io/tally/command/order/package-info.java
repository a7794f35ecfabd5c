/**
 * The order endpoints and the price quote taken from the items before an order is placed.
 */
package io.tally.command.order;

/**
 * The inventory item aggregate and its rules: SKUs, stock on hand, reservations, prices and tax.
 */
package io.tally.domain.inventory;

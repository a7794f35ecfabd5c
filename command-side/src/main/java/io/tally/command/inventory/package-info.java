/**
 * The inventory endpoints and the items' snapshot policy.
 */
package io.tally.command.inventory;

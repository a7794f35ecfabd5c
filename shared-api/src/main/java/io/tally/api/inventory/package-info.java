/**
 * The inventory context's commands, events, queries and views. Plain records; events are stored,
 * so their shape changes only with a revision and an upcaster.
 */
package io.tally.api.inventory;

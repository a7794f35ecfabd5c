/**
 * The inventory read models (PostgreSQL rows, product documents) with their projectors, queries
 * and endpoints.
 */
package io.tally.query.inventory;

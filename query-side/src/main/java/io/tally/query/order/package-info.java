/**
 * The order read models (PostgreSQL rows, search documents) with their projectors, queries,
 * search, live updates and endpoints.
 */
package io.tally.query.order;

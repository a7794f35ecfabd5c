/**
 * Elasticsearch: the client, indices behind aliases, bulk writes, search helpers.
 */
package io.tally.query.search;

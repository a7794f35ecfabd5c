/**
 * The query service: projections of the event log into PostgreSQL and Elasticsearch, and the read,
 * search, analytics, audit and operations APIs. Never imports command-side code.
 */
package io.tally.query;

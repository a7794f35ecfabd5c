/**
 * Analytics queries and their answers (revenue buckets, top products). Plain records: no Spring,
 * Axon or Elasticsearch types.
 */
package io.tally.api.analytics;

/**
 * Revenue and top-product analytics answered from Elasticsearch aggregations.
 */
package io.tally.query.analytics;

/**
 * The embedded defaults for ./tally up and the tests: PostgreSQL and Elasticsearch started
 * in-process, dev signing keys and tokens. Never on a production classpath.
 */
package io.tally.dev;

/** What axon-config's tests share: a schema of their own on the run's PostgreSQL. */
package io.tally.axon.testing;

/**
 * Messages about customers as people: the erasure of their personal data. Plain records.
 */
package io.tally.api.customer;

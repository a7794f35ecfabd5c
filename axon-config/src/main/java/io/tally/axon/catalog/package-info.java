/**
 * The event catalog: a JSON Schema per event type and revision, generated from the shared-api
 * records and checked in under docs/events/ (docs/api-contract.md).
 */
package io.tally.axon.catalog;

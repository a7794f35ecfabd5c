/**
 * The event catalog: a JSON Schema per event type and revision, generated from the shared-api
 * records by {@code EventCatalogTest} (TALLY_EVENTS_WRITE=true) and checked in under docs/events/
 * (docs/api-contract.md); the query side serves the checked-in files.
 */
package io.tally.axon.catalog;

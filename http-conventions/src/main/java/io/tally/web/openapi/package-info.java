/**
 * What both services' OpenAPI documents say beyond the controllers: security schemes, the shared
 * headers and refusals, nullability and required fields from the records (also used for the event
 * catalog's schemas), anchored patterns. docs/api-contract.md.
 */
package io.tally.web.openapi;

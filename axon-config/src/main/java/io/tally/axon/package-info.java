/**
 * Axon wiring both services share, as one Spring Boot auto-configuration importing one
 * configuration per concern. No HTTP controllers, no business rules.
 */
package io.tally.axon;

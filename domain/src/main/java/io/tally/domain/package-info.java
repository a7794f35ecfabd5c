/**
 * What every aggregate shares: the refusals (business rule, invalid command, version mismatch)
 * that the HTTP layer maps to 422, 400 and 412. Uses Axon's modelling API only.
 */
package io.tally.domain;

/**
 * The port the aggregates seal customers' personal data through before it goes into an event.
 */
package io.tally.domain.privacy;

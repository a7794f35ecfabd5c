/**
 * What travels with every message: principal, correlation, causation and idempotency metadata, the
 * command gateway and its retries, the serializer's allowed types.
 */
package io.tally.axon.messaging;

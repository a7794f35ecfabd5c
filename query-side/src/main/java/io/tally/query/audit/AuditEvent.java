package io.tally.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One stored event as an auditor reads it: {@code payload} and {@code metadata} are the stored
 * JSON, unchanged, so what is shown is what the hash covers.
 */
record AuditEvent(long globalIndex,
                  String aggregateType,
                  String aggregateId,
                  long sequence,
                  String eventId,
                  String type,
                  String revision,
                  String timestamp,
                  @JsonRawValue String payload,
                  @JsonRawValue String metadata,
                  String hash,
                  String previousHash) {
}

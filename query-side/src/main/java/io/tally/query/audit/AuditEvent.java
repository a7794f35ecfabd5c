package io.tally.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One stored event as an auditor reads it: {@code payload} and {@code metadata} are the stored
 * JSON, unchanged, so what is shown is what the hash covers.
 */
record AuditEvent(
        long globalIndex,

        @Schema(
                description = "the aggregate type (order, payment, inventory); null for an event of no"
                        + " aggregate, such as a customer's erasure")
        @Nullable
        String aggregateType,

        String aggregateId,
        long sequence,
        String eventId,
        String type,
        @Nullable String revision,
        String timestamp,

        @JsonRawValue
        @Schema(
                implementation = java.util.Map.class,
                description = "the stored payload, as"
                        + " stored: its JSON Schema is the event catalog's entry of this `type` (its `name`) and"
                        + " `revision` (null is 1)"
                        + " (GET /api/audit/schemas, docs/events/)")
        String payload,

        @JsonRawValue @Schema(implementation = java.util.Map.class, description = "the stored metadata," + " as stored")
        String metadata,

        String hash,
        @Nullable String previousHash) {}

package io.tally.axon.audit;

import io.tally.formats.audit.Sha256;

/**
 * The tamper evidence of every stored event: {@code hash} is the SHA-256, in lower-case hex, of
 * the event's canonical form, which ends with the {@code previousHash} of the aggregate's event
 * before it, so each aggregate's events form a chain. The canonical form is these ten fields as
 * stored, each followed by a line feed ({@code \n}), UTF-8 encoded:
 * <pre>
 * tally-event-v1
 * aggregate type      (empty when none)
 * aggregate id
 * sequence number     (decimal)
 * payload type
 * payload revision    (empty when none)
 * timestamp           (as stored, ISO-8601)
 * payload             (the stored JSON text, byte for byte)
 * metadata            (the stored JSON text, byte for byte; empty when none)
 * previous hash       (empty for an aggregate's first event)
 * </pre>
 * Anyone with the rows can recompute it; nothing here depends on Java.
 * <p>
 * Events appended since the event MAC ({@link EventMac}) use {@code tally-event-v2}: the same
 * fields with the event's identifier on the second line, so an event cannot be given another id.
 * A row carrying a {@code mac} is a v2 row; one without is a v1 row, and is taken only at or below
 * the store's {@code event_authentication.unauthenticated_through}.
 */
public final class EventHashes {

    public static final String VERSION = "tally-event-v1";
    public static final String VERSION_2 = "tally-event-v2";

    private EventHashes() {}

    public static String canonical(
            String aggregateType,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            String payload,
            String metaData,
            String previousHash) {
        StringBuilder form = new StringBuilder(payload.length() + 512);
        for (String field : new String[] {
            VERSION,
            aggregateType,
            aggregateId,
            Long.toString(sequence),
            payloadType,
            payloadRevision,
            timestamp,
            payload,
            metaData,
            previousHash
        }) {
            form.append(field == null ? "" : field).append('\n');
        }
        return form.toString();
    }

    /** The v2 form: {@code tally-event-v2}, the event identifier, then the v1 fields after its version line. */
    public static String canonicalV2(
            String eventId,
            String aggregateType,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            String payload,
            String metaData,
            String previousHash) {
        String v1 = canonical(
                aggregateType,
                aggregateId,
                sequence,
                payloadType,
                payloadRevision,
                timestamp,
                payload,
                metaData,
                previousHash);
        return VERSION_2 + "\n" + eventId + "\n" + v1.substring(VERSION.length() + 1);
    }

    public static String hashV2(
            String eventId,
            String aggregateType,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            String payload,
            String metaData,
            String previousHash) {
        return sha256(canonicalV2(
                eventId,
                aggregateType,
                aggregateId,
                sequence,
                payloadType,
                payloadRevision,
                timestamp,
                payload,
                metaData,
                previousHash));
    }

    /** The stored hash of a row: v2 when it carries a MAC (the MAC vouches for that form), else v1. */
    public static String hashOf(
            boolean authenticated,
            String eventId,
            String aggregateType,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            String payload,
            String metaData,
            String previousHash) {
        return authenticated
                ? hashV2(
                        eventId,
                        aggregateType,
                        aggregateId,
                        sequence,
                        payloadType,
                        payloadRevision,
                        timestamp,
                        payload,
                        metaData,
                        previousHash)
                : hash(
                        aggregateType,
                        aggregateId,
                        sequence,
                        payloadType,
                        payloadRevision,
                        timestamp,
                        payload,
                        metaData,
                        previousHash);
    }

    public static String hash(
            String aggregateType,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            String payload,
            String metaData,
            String previousHash) {
        return sha256(canonical(
                aggregateType,
                aggregateId,
                sequence,
                payloadType,
                payloadRevision,
                timestamp,
                payload,
                metaData,
                previousHash));
    }

    public static String sha256(String text) {
        return Sha256.hex(text);
    }
}

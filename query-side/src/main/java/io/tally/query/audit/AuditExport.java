package io.tally.query.audit;

import io.tally.axon.TallyAxonProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the export format {@code tally-export-v2}, one JSON object a line, in this order: a
 * {@code header}, the {@code seal}s whose range touches the exported events, the {@code event}s by
 * global index, and a {@code trailer} signed by the export key over the header's range, the number
 * of events, the RFC 6962 Merkle root of their global indexes and hashes and the seals exported.
 * Events carry the stored fields the hash covers (aggregate type as stored, full payload type,
 * timestamp, payload and metadata as strings) so the export can be verified byte for byte; the
 * trailer covers the events no seal covers yet, and a file cut anywhere has none.
 */
@Component
class AuditExport {

    static final String FORMAT = "tally-export-v2";

    /** The exported events: global index in (after, to]. */
    record Bounds(long afterGlobalIndex, long toGlobalIndex, Instant from, Instant to) {}

    private final AuditLog log;
    private final JdbcClient jdbc;
    private final String seals;
    private final ExportSigner signer;

    AuditExport(AuditLog log, JdbcClient jdbc, TallyAxonProperties properties, ExportSigner signer) {
        this.log = log;
        this.signer = signer;
        this.jdbc = jdbc;
        this.seals = properties.eventSchema() + ".seal";
    }

    Bounds bounds(Instant from, Instant to) {
        long head = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM " + log.table())
                .query(Long.class)
                .single();
        long after = -1;
        if (from != null) {
            after = jdbc.sql("SELECT coalesce(min(global_index), :head + 1) - 1 FROM " + log.table()
                            + " WHERE time_stamp::timestamptz >= :from")
                    .param("head", head)
                    .param("from", from.atOffset(ZoneOffset.UTC))
                    .query(Long.class)
                    .single();
        }
        long last = head;
        if (to != null) {
            last = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM " + log.table()
                            + " WHERE time_stamp::timestamptz < :to")
                    .param("to", to.atOffset(ZoneOffset.UTC))
                    .query(Long.class)
                    .single();
        }
        return new Bounds(after, Math.max(after, last), from, to);
    }

    void write(Bounds bounds, Consumer<Map<String, Object>> sink) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kind", "header");
        header.put("format", FORMAT);
        String exportedAt = Instant.now().toString();
        header.put("exportedAt", exportedAt);
        header.put("afterGlobalIndex", bounds.afterGlobalIndex());
        header.put("toGlobalIndex", bounds.toGlobalIndex());
        header.put("from", bounds.from() == null ? null : bounds.from().toString());
        header.put("to", bounds.to() == null ? null : bounds.to().toString());
        // events without a MAC are taken only up to here (stored before MACs existed); docs/audit.md
        header.put("unauthenticatedThrough", log.unauthenticatedThrough());
        sink.accept(header);
        List<Map<String, Object>> touching = new ArrayList<>();
        jdbc.sql("SELECT * FROM " + seals + " WHERE to_global_index > :after AND after_global_index < :to"
                        + " ORDER BY seal_number")
                .param("after", bounds.afterGlobalIndex())
                .param("to", bounds.toGlobalIndex())
                .query((rs, row) -> {
                    Map<String, Object> seal = new LinkedHashMap<>();
                    seal.put("kind", "seal");
                    seal.put("number", rs.getLong("seal_number"));
                    seal.put("afterGlobalIndex", rs.getLong("after_global_index"));
                    seal.put("toGlobalIndex", rs.getLong("to_global_index"));
                    seal.put("eventCount", rs.getLong("event_count"));
                    seal.put("merkleRoot", rs.getString("merkle_root"));
                    seal.put("previousSealHash", rs.getString("previous_seal_hash"));
                    seal.put("sealedAt", rs.getString("sealed_at"));
                    seal.put("signature", rs.getString("signature"));
                    seal.put("sealHash", rs.getString("seal_hash"));
                    seal.put("version", rs.getInt("version"));
                    return touching.add(seal);
                })
                .list();
        touching.forEach(sink);
        // where the sealer refused an event (not appended by the service, or changed): offline verify reports it
        jdbc.sql("SELECT * FROM " + seals + "_refusal WHERE global_index > :after AND global_index <= :to"
                        + " ORDER BY global_index")
                .param("after", bounds.afterGlobalIndex())
                .param("to", bounds.toGlobalIndex())
                .query((rs, row) -> {
                    Map<String, Object> refusal = new LinkedHashMap<>();
                    refusal.put("kind", "refusal");
                    refusal.put("globalIndex", rs.getLong("global_index"));
                    refusal.put("eventId", rs.getString("event_identifier"));
                    refusal.put("reason", rs.getString("reason"));
                    refusal.put("refusedAt", rs.getString("refused_at"));
                    sink.accept(refusal);
                    return refusal;
                })
                .list();
        io.tally.formats.audit.LogMerkleTree tree = new io.tally.formats.audit.LogMerkleTree();
        log.cursor(
                "SELECT * FROM " + log.table() + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index",
                List.of(bounds.afterGlobalIndex(), bounds.toGlobalIndex()),
                rows -> {
                    while (rows.next()) {
                        Map<String, Object> event = new LinkedHashMap<>();
                        event.put("kind", "event");
                        event.put("globalIndex", rows.getLong("global_index"));
                        event.put("aggregateType", rows.getString("type"));
                        event.put("aggregateId", rows.getString("aggregate_identifier"));
                        event.put("sequence", rows.getLong("sequence_number"));
                        event.put("eventId", rows.getString("event_identifier"));
                        event.put("payloadType", rows.getString("payload_type"));
                        event.put("payloadRevision", rows.getString("payload_revision"));
                        event.put("timestamp", rows.getString("time_stamp"));
                        event.put("payload", rows.getString("payload"));
                        event.put("metadata", rows.getString("meta_data"));
                        event.put("hash", rows.getString("hash"));
                        event.put("previousHash", rows.getString("previous_hash"));
                        event.put("mac", rows.getString("mac"));
                        sink.accept(event);
                        tree.add(rows.getLong("global_index"), rows.getString("hash"));
                    }
                    return null;
                });
        String lastSealHash = touching.isEmpty()
                ? null
                : (String) touching.get(touching.size() - 1).get("sealHash");
        Map<String, Object> trailer = new LinkedHashMap<>();
        trailer.put("kind", "trailer");
        trailer.put("format", FORMAT);
        trailer.put("exportedAt", exportedAt);
        trailer.put("from", header.get("from"));
        trailer.put("to", header.get("to"));
        trailer.put("afterGlobalIndex", bounds.afterGlobalIndex());
        trailer.put("toGlobalIndex", bounds.toGlobalIndex());
        trailer.put("eventCount", tree.count());
        trailer.put("merkleRoot", tree.root());
        trailer.put("sealCount", touching.size());
        trailer.put("lastSealHash", lastSealHash);
        trailer.put("signature", signer.sign(trailerCanonical(trailer)));
        sink.accept(trailer);
    }

    /** What the trailer's signature covers: its fields in this order, one a line, absent ones empty. */
    static String trailerCanonical(Map<String, Object> trailer) {
        StringBuilder canonical = new StringBuilder("tally-export-trailer-v2\n");
        for (String field : List.of(
                "exportedAt",
                "from",
                "to",
                "afterGlobalIndex",
                "toGlobalIndex",
                "eventCount",
                "merkleRoot",
                "sealCount",
                "lastSealHash")) {
            Object value = trailer.get(field);
            canonical.append(value == null ? "" : value.toString()).append('\n');
        }
        return canonical.toString();
    }
}

package io.tally.axon;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param eventSchema      the PostgreSQL schema holding the event store, shared by every service
 * @param serviceSchema    the PostgreSQL schema holding this service's own tables (tokens, sagas, dead letters)
 * @param fetchDelayMillis how long event processors wait before polling the event store again when idle
 * @param tailReadGapMillis the least time between two reads of the event store's tail by this
 *                         process, however often it appends (0: read after every append)
 * @param ownerUsername    the role that owns the event store and migrates it at start (blank: the service's own)
 * @param ownerPassword    its password
 * @param commandRole      the role command-side connects as: may append events and seals, nothing else there
 * @param queryRole        the role query-side connects as: may read the event store, nothing else there
 * @param sealerRole       the role the sealer writes seals as: may read events and append seals and
 *                         sealing refusals, nothing else (default {@code tally_sealer})
 * @param idempotentProcessors the event processors whose handlers change nothing twice, so their tokens
 *                         may be written a little after the batches they cover (none by default)
 * @param stock            the {@linkplain Departure departures} to turn back into Axon's own parts: their
 *                         names, or {@code all} (none by default; docs/axon-departures.md)
 */
@ConfigurationProperties("tally.axon")
public record TallyAxonProperties(
        String eventSchema,
        String serviceSchema,
        Long fetchDelayMillis,
        Long tailReadGapMillis,
        String ownerUsername,
        String ownerPassword,
        String commandRole,
        String queryRole,
        String sealerRole,
        List<String> idempotentProcessors,
        List<String> stock) {

    public TallyAxonProperties {
        eventSchema = eventSchema == null ? "tally_events" : eventSchema;
        ownerPassword = ownerPassword == null ? "" : ownerPassword;
        sealerRole = sealerRole == null ? "tally_sealer" : sealerRole;
        fetchDelayMillis = fetchDelayMillis == null ? 50L : fetchDelayMillis;
        tailReadGapMillis = tailReadGapMillis == null ? 0L : tailReadGapMillis;
        idempotentProcessors = idempotentProcessors == null ? List.of() : List.copyOf(idempotentProcessors);
        stock = stock == null ? List.of() : List.copyOf(stock);
        Departure.stockOf(stock);
        if (serviceSchema == null || serviceSchema.isBlank()) {
            throw new IllegalArgumentException("tally.axon.service-schema must name this service's schema");
        }
    }

    /** Whether Tally's departure is on, not replaced by Axon's own part ({@code tally.axon.stock}). */
    public boolean departs(Departure departure) {
        return !Departure.stockOf(stock).contains(departure);
    }

    public String serviceTable(String table) {
        return serviceSchema + "." + table;
    }

    public String eventTable(String table) {
        return eventSchema + "." + table;
    }
}

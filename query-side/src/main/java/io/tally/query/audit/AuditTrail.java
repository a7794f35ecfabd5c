package io.tally.query.audit;

import io.tally.axon.audit.SealWitness;
import io.tally.domain.history.PastStates;
import io.tally.query.web.QueryParameters;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.InvalidRequestException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an auditor asks of the log, whether through the audit API ({@link AuditController}) or the
 * console's audit pages ({@link AuditConsole}): one stream's events, an aggregate's past state, a
 * verification of one stream's chain or of the whole log, and the signed export. Refusals are the
 * API's problems (400 for a bad parameter, 404 for a stream that is not there).
 */
@Service
class AuditTrail {

    /** An aggregate's state after its event {@code sequence}, stored at {@code timestamp}. */
    record PastState(String aggregateType, String aggregateId, long sequence, Instant timestamp, Object state) {}

    private final AuditLog log;
    private final ChainVerifier verifier;
    private final JsonMapper json;
    private final EventStore eventStore;
    private final AuditExport export;
    private final CallerLimits limits;

    AuditTrail(
            AuditLog log,
            ChainVerifier verifier,
            JsonMapper json,
            EventStore eventStore,
            AuditExport export,
            CallerLimits limits) {
        this.log = log;
        this.verifier = verifier;
        this.json = json;
        this.eventStore = eventStore;
        this.export = export;
        this.limits = limits;
    }

    /** The hash chains of one aggregate, or without parameters of the whole log. */
    ChainVerifier.Verification verify(
            @Nullable String aggregateType, @Nullable String aggregateId, @Nullable String anchor) {
        if ((aggregateType == null) != (aggregateId == null)) {
            throw new InvalidRequestException(
                    aggregateType == null ? "aggregateType" : "aggregateId",
                    "give both aggregateType and aggregateId, or neither for the whole log");
        }
        if (aggregateType == null) {
            Optional<SealWitness.Anchor> parsed = anchor(anchor);
            try (CallerLimits.Permit permit = limits.heavy(CallerLimitFilter.caller())) {
                return verifier.verifyAll(parsed);
            }
        }
        if (anchor != null) {
            throw new InvalidRequestException("anchor", "an anchor checks the whole log's seals: give no aggregate");
        }
        ChainVerifier.Verification verification = verifier.verify(storedType(aggregateType), aggregateId);
        if (verification.eventsChecked() == 0) {
            throw new ApiProblemException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "no " + aggregateType + " " + aggregateId + " in the event store");
        }
        return verification;
    }

    private static Optional<SealWitness.Anchor> anchor(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SealWitness.Anchor.parse(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("anchor", e.getMessage());
        }
    }

    /** One stream's events with their hashes; 404 when it has none. */
    List<AuditEvent> stream(String aggregateType, String aggregateId) {
        List<AuditEvent> events = log.stream(storedType(aggregateType), aggregateId);
        if (events.isEmpty()) {
            throw new ApiProblemException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "no " + aggregateType + " " + aggregateId + " in the event store");
        }
        return events;
    }

    /**
     * The aggregate's state after its last event at or before {@code asOf}, or after event
     * {@code sequence}; without either, its state now. Rebuilt by the aggregate's own event sourcing
     * handlers from the events as Axon reads them (upcast to their current revision).
     */
    PastState state(String aggregateType, String aggregateId, @Nullable String asOf, @Nullable Long sequence) {
        if (asOf != null && sequence != null) {
            throw new InvalidRequestException("sequence", "give asOf or sequence, not both");
        }
        String storedType = storedType(aggregateType);
        Instant until = QueryParameters.from("asOf", asOf);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(aggregateId);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.peek();
            if (!storedType.equals(event.getType())
                    || (until != null && event.getTimestamp().isAfter(until))
                    || (sequence != null && event.getSequenceNumber() > sequence)) {
                break;
            }
            events.add(stream.next());
        }
        if (events.isEmpty()
                || (sequence != null && events.get(events.size() - 1).getSequenceNumber() < sequence)) {
            throw new ApiProblemException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "no " + aggregateType + " "
                            + aggregateId
                            + (sequence != null
                                    ? " with an event " + sequence
                                    : until != null ? " existed at " + until : "")
                            + " in the event store");
        }
        DomainEventMessage<?> last = events.get(events.size() - 1);
        return new PastState(
                aggregateType,
                aggregateId,
                last.getSequenceNumber(),
                last.getTimestamp(),
                PastStates.rebuild(storedType, events));
    }

    /**
     * A body that writes what {@code source} hands it as JSON, one object a line, as it comes;
     * {@code permit} (the caller's whole-log limit) is released when it is written or fails.
     */
    StreamingResponseBody ndjson(Consumer<Consumer<Object>> source, CallerLimits.Permit permit) {
        return out -> {
            try (permit) {
                BufferedWriter writer =
                        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                source.accept(value -> {
                    try {
                        writer.write(json.writeValueAsString(value));
                        writer.write('\n');
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.flush();
            }
        };
    }

    /**
     * The log as an auditor takes it away: a header line, the seals that touch the exported range,
     * then every event of the range with its stored fields as stored (payload and metadata as JSON
     * strings, byte for byte), so {@code ./tally audit verify} can recompute every hash, chain link
     * and Merkle root with no database. {@code from} / {@code to} pick the first and last event by
     * time; everything stored between them by global index is exported.
     */
    ResponseEntity<StreamingResponseBody> export(@Nullable String from, @Nullable String to) {
        QueryParameters.TimeRange times = QueryParameters.range("from", from, "to", to);
        AuditExport.Bounds bounds = export.bounds(times.from(), times.to());
        CallerLimits.Permit permit = limits.heavy(CallerLimitFilter.caller());
        return ResponseEntity.ok()
                .contentType(AuditController.NDJSON)
                .header("Content-Disposition", "attachment; filename=\"tally-audit.ndjson\"")
                .body(ndjson(line -> export.write(bounds, line::accept), permit));
    }

    static String storedType(String aggregateType) {
        String storedType = AuditLog.AGGREGATE_TYPES.get(aggregateType);
        if (storedType == null) {
            throw new InvalidRequestException(
                    "aggregateType", "must be one of " + new TreeSet<>(AuditLog.AGGREGATE_TYPES.keySet()));
        }
        return storedType;
    }
}

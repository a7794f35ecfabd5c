package io.tally.query.audit;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.Operation;

import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.axon.audit.SealWitness;

import io.tally.domain.history.PastStates;
import io.tally.query.web.QueryParameters;
import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.InvalidRequestException;
import jakarta.validation.constraints.Max;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

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

/**
 * The audit API (role AUDITOR, read-only), straight from the event store. Reads are not routed
 * through the query bus: the whole log has to stream with constant memory.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    record AuditEventPage(List<AuditEvent> items, long afterGlobalIndex, int limit, @Nullable Long nextAfterGlobalIndex) {
    }

    /** An aggregate's state after its event {@code sequence}, stored at {@code timestamp}. */
    record PastState(String aggregateType, String aggregateId, long sequence, Instant timestamp, Object state) {
    }

    private final AuditLog log;
    private final AuditReads reads;
    private final ChainVerifier verifier;
    private final JsonMapper json;
    private final EventStore eventStore;
    private final AuditExport export;

    private final CallerLimits limits;

    AuditController(AuditLog log, AuditReads reads, ChainVerifier verifier, JsonMapper json, EventStore eventStore,
                    AuditExport export, CallerLimits limits) {
        this.limits = limits;
        this.export = export;
        this.log = log;
        this.reads = reads;
        this.verifier = verifier;
        this.json = json;
        this.eventStore = eventStore;
    }

    /** The hash chains of one aggregate, or without parameters of the whole log. */
    @Operation(operationId = "verifyChain", summary = "Verify the hash chain and the seals (all, or one stream)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the verification")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "404", description = "no such stream")
    @GetMapping("/verify")
    ChainVerifier.Verification verify(@RequestParam(required = false) String aggregateType,
                                      @RequestParam(required = false) String aggregateId,
                                      @RequestParam(required = false) String anchor) {
        if ((aggregateType == null) != (aggregateId == null)) {
            throw new InvalidRequestException(aggregateType == null ? "aggregateType" : "aggregateId",
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
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
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

    @Operation(operationId = "getAuditStream", summary = "One stream's events with their hashes")
    @GetMapping("/streams/{aggregateType}/{aggregateId}")
    List<AuditEvent> stream(@PathVariable String aggregateType, @PathVariable String aggregateId) {
        List<AuditEvent> events = log.stream(storedType(aggregateType), aggregateId);
        if (events.isEmpty()) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "no " + aggregateType + " " + aggregateId + " in the event store");
        }
        return events;
    }

    /**
     * The aggregate's state after its last event at or before {@code asOf}, or after event
     * {@code sequence}; without either, its state now. Rebuilt by the aggregate's own event sourcing
     * handlers from the events as Axon reads them (upcast to their current revision).
     */
    @Operation(operationId = "getPastState", summary = "An aggregate's state as of a time or version")
    @GetMapping("/streams/{aggregateType}/{aggregateId}/state")
    PastState state(@PathVariable String aggregateType, @PathVariable String aggregateId,
                    @RequestParam(required = false) String asOf,
                    @RequestParam(required = false) @Min(0) Long sequence) {
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
        if (events.isEmpty() || (sequence != null && events.get(events.size() - 1).getSequenceNumber() < sequence)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "no " + aggregateType + " "
                    + aggregateId + (sequence != null ? " with an event " + sequence
                    : until != null ? " existed at " + until : "") + " in the event store");
        }
        DomainEventMessage<?> last = events.get(events.size() - 1);
        return new PastState(aggregateType, aggregateId, last.getSequenceNumber(), last.getTimestamp(),
                PastStates.rebuild(storedType, events));
    }

    @Operation(operationId = "listAuditEvents", summary = "The log's events by time, type or principal (JSON page)")
    @GetMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditEventPage events(@RequestParam(defaultValue = "-1") @Min(-1) long afterGlobalIndex,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                          @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_.$]{1,255}") String type,
                          @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to) {
        List<AuditEvent> items = log.page(range(afterGlobalIndex, type, from, to), limit);
        Long next = items.size() == limit ? items.get(items.size() - 1).globalIndex() : null;
        return new AuditEventPage(items, afterGlobalIndex, limit, next);
    }

    /** The whole range, one event per line, streamed as it is read. */
    @Operation(operationId = "streamAuditEvents", summary = "The same events as NDJSON")
    @GetMapping(path = "/events", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> eventStream(
            @RequestParam(defaultValue = "-1") @Min(-1) long afterGlobalIndex,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_.$]{1,255}") String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        AuditLog.Range range = range(afterGlobalIndex, type, from, to);
        CallerLimits.Permit permit = limits.heavy(CallerLimitFilter.caller());
        return ResponseEntity.ok().contentType(NDJSON).body(ndjson(line -> log.each(range, line::accept), permit));
    }

    /**
     * A body that writes what {@code source} hands it as JSON, one object a line, as it comes;
     * {@code permit} (the caller's whole-log limit) is released when it is written or fails.
     */
    private StreamingResponseBody ndjson(Consumer<Consumer<Object>> source, CallerLimits.Permit permit) {
        return out -> {
            try (permit) {
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
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
    @Operation(operationId = "exportAuditLog", summary = "The signed export (tally-export-v2, NDJSON)")
    @GetMapping(path = "/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to) {
        QueryParameters.TimeRange times = QueryParameters.range("from", from, "to", to);
        AuditExport.Bounds bounds = export.bounds(times.from(), times.to());
        CallerLimits.Permit permit = limits.heavy(CallerLimitFilter.caller());
        return ResponseEntity.ok().contentType(NDJSON)
                             .header("Content-Disposition", "attachment; filename=\"tally-audit.ndjson\"")
                             .body(ndjson(line -> export.write(bounds, line::accept), permit));
    }

    @Operation(operationId = "listAuditReads", summary = "Who read the audit API, chained")
    @GetMapping("/reads")
    List<AuditReads.AuditRead> reads(@RequestParam(defaultValue = "0") @Min(0) long afterId,
                                     @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return reads.after(afterId, limit);
    }

    static String storedType(String aggregateType) {
        String storedType = AuditLog.AGGREGATE_TYPES.get(aggregateType);
        if (storedType == null) {
            throw new InvalidRequestException("aggregateType", "must be one of "
                    + new TreeSet<>(AuditLog.AGGREGATE_TYPES.keySet()));
        }
        return storedType;
    }

    private static AuditLog.Range range(long afterGlobalIndex, String type, String from, String to) {
        QueryParameters.TimeRange stored = QueryParameters.range("from", from, "to", to);
        return new AuditLog.Range(afterGlobalIndex, type, stored.from(), stored.to());
    }

    @Configuration
    static class RecordAuditReads implements WebMvcConfigurer {

        private final AuditReads reads;

        RecordAuditReads(AuditReads reads) {
            this.reads = reads;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            // the console's audit pages are reads of the log like the API's
            registry.addInterceptor(reads).addPathPatterns("/api/audit/**", "/console/audit", "/console/audit/**");
        }
    }
}

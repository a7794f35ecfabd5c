package io.tally.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.query.web.QueryParameters;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
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

/**
 * The audit API (role AUDITOR, read-only), straight from the event store ({@link AuditTrail}, which
 * the console's audit pages use too). Reads are not routed through the query bus: the whole log has
 * to stream with constant memory.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    record AuditEventPage(
            List<AuditEvent> items,
            long afterGlobalIndex,
            int limit,
            @Nullable Long nextAfterGlobalIndex) {}

    private final AuditTrail trail;
    private final AuditLog log;
    private final AuditReads reads;
    private final CallerLimits limits;

    AuditController(AuditTrail trail, AuditLog log, AuditReads reads, CallerLimits limits) {
        this.trail = trail;
        this.log = log;
        this.reads = reads;
        this.limits = limits;
    }

    /** The hash chains of one aggregate, or without parameters of the whole log. */
    @Operation(operationId = "verifyChain", summary = "Verify the hash chain and the seals (all, or one stream)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the verification")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "404", description = "no such stream")
    @GetMapping("/verify")
    ChainVerifier.Verification verify(
            @RequestParam(required = false) String aggregateType,
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String anchor) {
        return trail.verify(aggregateType, aggregateId, anchor);
    }

    @Operation(operationId = "getAuditStream", summary = "One stream's events with their hashes")
    @GetMapping("/streams/{aggregateType}/{aggregateId}")
    List<AuditEvent> stream(@PathVariable String aggregateType, @PathVariable String aggregateId) {
        return trail.stream(aggregateType, aggregateId);
    }

    /**
     * The aggregate's state after its last event at or before {@code asOf}, or after event
     * {@code sequence}; without either, its state now ({@link AuditTrail#state}).
     */
    @Operation(operationId = "getPastState", summary = "An aggregate's state as of a time or version")
    @GetMapping("/streams/{aggregateType}/{aggregateId}/state")
    AuditTrail.PastState state(
            @PathVariable String aggregateType,
            @PathVariable String aggregateId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) @Min(0) Long sequence) {
        return trail.state(aggregateType, aggregateId, asOf, sequence);
    }

    @Operation(operationId = "listAuditEvents", summary = "The log's events by time, type or principal (JSON page)")
    @GetMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditEventPage events(
            @RequestParam(defaultValue = "-1") @Min(-1) long afterGlobalIndex,
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
        return ResponseEntity.ok()
                .contentType(NDJSON)
                .body(trail.ndjson(line -> log.each(range, line::accept), permit));
    }

    /** The signed export, tally-export-v2 ({@link AuditTrail#export}). */
    @Operation(operationId = "exportAuditLog", summary = "The signed export (tally-export-v2, NDJSON)")
    @GetMapping(path = "/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return trail.export(from, to);
    }

    @Operation(operationId = "listAuditReads", summary = "Who read the audit API, chained")
    @GetMapping("/reads")
    List<AuditReads.AuditRead> reads(
            @RequestParam(defaultValue = "0") @Min(0) long afterId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return reads.after(afterId, limit);
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

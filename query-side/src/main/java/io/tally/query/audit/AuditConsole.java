package io.tally.query.audit;

import io.tally.axon.audit.Seals;
import io.tally.query.console.ConsoleController;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.web.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The auditors' pages: a stream browser, verification of a stream or the whole log, the seals,
 * an aggregate's state at a point and what changed between two points, and the export. Each page
 * asks what the audit API asks ({@link AuditTrail}), and each is recorded as an audit
 * read before it is answered, like the API's.
 */
@ConsoleController
@RequestMapping("/console/audit")
class AuditConsole {

    /** One event as the stream browser shows it: the stored event and its metadata's fields. */
    record Row(AuditEvent event, Map<String, String> metadata, String payload, String metadataJson) {}

    /** One difference between two states: a field's path, its value before and after. */
    record Change(String path, String before, String after) {}

    static final int SEALS_SHOWN = 100;

    private final AuditTrail api;
    private final ObjectProvider<Seals> seals;
    private final JsonMapper json;
    private final WholeLogVerifications wholeLog;
    private final CallerLimits limits;

    AuditConsole(
            AuditTrail api,
            ObjectProvider<Seals> seals,
            JsonMapper json,
            WholeLogVerifications wholeLog,
            CallerLimits limits) {
        this.api = api;
        this.wholeLog = wholeLog;
        this.limits = limits;
        this.seals = seals;
        this.json = json;
    }

    @GetMapping
    String start(Model model) {
        model.addAttribute("types", new TreeSet<>(AuditLog.AGGREGATE_TYPES.keySet()));
        return "console/audit";
    }

    /** The lookup form's target: the stream of the aggregate it names. */
    @GetMapping("/streams")
    String find(
            @RequestParam(defaultValue = "") String aggregateType,
            @RequestParam(defaultValue = "") String aggregateId) {
        if (aggregateId.isBlank()) {
            throw new InvalidRequestException("aggregateId", "is required: the order, payment or item to show");
        }
        AuditTrail.storedType(aggregateType);
        return "redirect:/console/audit/streams/" + aggregateType + "/"
                + UriUtils.encodePathSegment(aggregateId.trim(), StandardCharsets.UTF_8);
    }

    @GetMapping("/streams/{aggregateType}/{aggregateId}")
    String stream(@PathVariable String aggregateType, @PathVariable String aggregateId, Model model) {
        List<Row> rows = new ArrayList<>();
        for (AuditEvent event : api.stream(aggregateType, aggregateId)) {
            Map<String, String> metadata = new LinkedHashMap<>();
            JsonNode meta = json.readTree(event.metadata());
            meta.properties()
                    .forEach(field -> metadata.put(
                            field.getKey(),
                            field.getValue().isString()
                                    ? field.getValue().asString()
                                    : field.getValue().toString()));
            rows.add(new Row(event, metadata, pretty(event.payload()), pretty(event.metadata())));
        }
        model.addAttribute("aggregateType", aggregateType);
        model.addAttribute("aggregateId", aggregateId);
        model.addAttribute("rows", rows);
        return "console/audit-stream";
    }

    /**
     * The aggregate's state at a point ({@code asOf} or {@code sequence}); with a second point
     * ({@code compareAsOf} or {@code compareSequence}), that state too and every field that differs.
     */
    @GetMapping("/streams/{aggregateType}/{aggregateId}/state")
    String state(
            @PathVariable String aggregateType,
            @PathVariable String aggregateId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) Long sequence,
            @RequestParam(required = false) String compareAsOf,
            @RequestParam(required = false) Long compareSequence,
            Model model) {
        requireEventNumber("sequence", sequence);
        requireEventNumber("compareSequence", compareSequence);
        AuditTrail.PastState first = api.state(aggregateType, aggregateId, blank(asOf), sequence);
        model.addAttribute("aggregateType", aggregateType);
        model.addAttribute("aggregateId", aggregateId);
        model.addAttribute("asOf", asOf == null ? "" : asOf);
        model.addAttribute("sequence", sequence);
        model.addAttribute("compareAsOf", compareAsOf == null ? "" : compareAsOf);
        model.addAttribute("compareSequence", compareSequence);
        model.addAttribute("first", first);
        model.addAttribute("firstJson", pretty(json.writeValueAsString(first.state())));
        if (blank(compareAsOf) != null || compareSequence != null) {
            AuditTrail.PastState second = api.state(aggregateType, aggregateId, blank(compareAsOf), compareSequence);
            model.addAttribute("second", second);
            model.addAttribute("secondJson", pretty(json.writeValueAsString(second.state())));
            model.addAttribute("changes", changes(json.valueToTree(first.state()), json.valueToTree(second.state())));
        }
        return "console/audit-state";
    }

    /** One stream's chain; without a stream, the whole log's verification page (its progress, or how the last ended). */
    @GetMapping("/verify")
    String verify(
            @RequestParam(required = false) String aggregateType,
            @RequestParam(required = false) String aggregateId,
            Model model) {
        String type = blank(aggregateType);
        String id = blank(aggregateId);
        if (type == null && id == null) {
            WholeLogVerifications.Run run = wholeLog.last().orElse(null);
            model.addAttribute("run", run);
            if (run != null && !run.isRunning() && run.getOutcome() != null) {
                addVerification(run.getOutcome(), model);
            }
            return "console/audit-verify-all";
        }
        model.addAttribute("aggregateType", type);
        model.addAttribute("aggregateId", id);
        addVerification(api.verify(type, id, null), model);
        return "console/audit-verify";
    }

    /** Starts verifying the whole log in the background (or shows the one running), under the API's limit. */
    @PostMapping("/verify")
    String verifyAll() {
        wholeLog.start(CallerLimitFilter.caller(), limits.heavy(CallerLimitFilter.caller()));
        return "redirect:/console/audit/verify";
    }

    private static void addVerification(ChainVerifier.Verification verification, Model model) {
        model.addAttribute("verification", verification);
        ChainVerifier.Break first = verification.firstBrokenAt();
        if (first != null && first.aggregateType() != null) {
            model.addAttribute("breakType", AuditLog.auditType(first.aggregateType()));
        }
    }

    @GetMapping("/seals")
    String seals(Model model) {
        Seals stored = seals.getObject();
        model.addAttribute("seals", stored.newest(SEALS_SHOWN));
        model.addAttribute("count", stored.count());
        model.addAttribute("witnessed", stored.witnessed().map(Object::toString).orElse(null));
        return "console/audit-seals";
    }

    /** The export as the API streams it, as a download. */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return api.export(blank(from), blank(to));
    }

    /** Every leaf that differs between two states, by its JSON path. */
    static List<Change> changes(JsonNode before, JsonNode after) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        flatten("", before, a);
        flatten("", after, b);
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<Change> changes = new ArrayList<>();
        for (String path : paths) {
            String was = a.get(path);
            String is = b.get(path);
            if (was == null || !was.equals(is)) {
                changes.add(new Change(path, was == null ? "(absent)" : was, is == null ? "(absent)" : is));
            }
        }
        return changes;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties()
                    .forEach(field -> flatten(
                            path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(path, node.isString() ? node.asString() : node.toString());
        }
    }

    private String pretty(String stored) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(stored));
    }

    private static void requireEventNumber(String name, Long value) {
        if (value != null && value < 0) {
            throw new InvalidRequestException(name, "must be 0 or more: events are numbered from 0");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

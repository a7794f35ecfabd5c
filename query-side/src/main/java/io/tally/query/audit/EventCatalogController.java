package io.tally.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.web.problem.ApiProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event catalog (issue 35) as auditors and integrators read it: one JSON Schema per event type
 * and revision, and the export format's, exactly the files under {@code docs/events/} (copied into
 * this service at build time; {@code EventCatalogTest} holds them to the event records).
 */
@RestController
@RequestMapping("/api/audit/schemas")
class EventCatalogController {

    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    /**
     * One schema of the catalog: {@code type} as stored (payload type), {@code name} as the audit
     * API's events show it; {@code current}: the revision events are stored at now.
     */
    record CatalogEntry(String type, String name, String revision, boolean current, String href) {}

    record Catalog(List<CatalogEntry> events, String exportFormat, String exportFormatHref) {}

    private final Map<String, String> files = new TreeMap<>();
    private final Catalog catalog;

    EventCatalogController(JsonMapper json) {
        try {
            for (Resource resource :
                    new PathMatchingResourcePatternResolver().getResources("classpath:/event-catalog/*.json")) {
                String name = resource.getFilename();
                files.put(
                        name.substring(
                                0,
                                name.length()
                                        - ".json".length()
                                        - (name.endsWith(".schema.json") ? ".schema".length() : 0)),
                        resource.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> newest = new TreeMap<>();
        List<String[]> events = new ArrayList<>();
        files.forEach((name, text) -> {
            if (!name.startsWith("io.tally.")) {
                return;
            }
            JsonNode schema = json.readTree(text);
            String type = schema.get("title").asString();
            String revision = schema.get("x-revision").asString();
            events.add(new String[] {type, revision, name});
            newest.merge(type, revision, (a, b) -> Integer.parseInt(a) >= Integer.parseInt(b) ? a : b);
        });
        this.catalog = new Catalog(
                events.stream()
                        .map(event -> new CatalogEntry(
                                event[0],
                                event[0].substring(event[0].lastIndexOf('.') + 1),
                                event[1],
                                event[1].equals(newest.get(event[0])),
                                "/api/audit/schemas/" + event[2]))
                        .toList(),
                AuditExport.FORMAT,
                "/api/audit/schemas/" + AuditExport.FORMAT);
    }

    @Operation(
            operationId = "listEventSchemas",
            summary = "The event catalog: a JSON Schema per event type and" + " revision, and the export format's")
    @GetMapping
    Catalog list() {
        return catalog;
    }

    @Operation(operationId = "getEventSchema", summary = "One JSON Schema of the catalog (2020-12)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "the schema",
            content = @Content(mediaType = "application/schema+json", schema = @Schema(type = "object")))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "404", description = "no such schema")
    @GetMapping(path = "/{name}", produces = "application/schema+json")
    ResponseEntity<String> schema(@PathVariable String name) {
        String schema = files.get(name);
        if (schema == null) {
            throw new ApiProblemException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "no schema " + name + " in the event catalog; GET /api/audit/schemas lists them");
        }
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(schema);
    }
}

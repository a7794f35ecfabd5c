package io.tally.e2e;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every exchange with {@code /api/**} the suite has through {@link RunningSystem#send} checked against
 * the answering service's own {@code /v3/api-docs} (issue 35): the operation exists, the status is
 * declared, and a JSON body (problem+json included) is valid against its declared schema (JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1, with the document's components). A violation names
 * the operation, the status and the JSON path. The request is checked too: a body or a required
 * header the document refuses must not be answered with success. The run's count and every
 * violation are written to {@code target/contract-report.txt} when the JVM ends. A violation fails
 * the request's test at once; {@code TALLY_CONTRACT_STRICT=false} only reports (to survey a change
 * of many answers).
 */
final class ContractValidator {

    private static final boolean STRICT = !"false".equals(System.getenv("TALLY_CONTRACT_STRICT"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final AtomicLong VALIDATED = new AtomicLong();
    private static final AtomicLong REFUSED_REQUESTS = new AtomicLong();
    private static final Map<String, List<String>> VIOLATIONS = new TreeMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContractValidator::report));
    }

    private ContractValidator() {}

    /**
     * Checks one exchange with {@code service} (command-side or query-side) listening on {@code port}:
     * the answer against its declared response, and the request against the operation's declared
     * body and headers. A request the document refuses may be refused (the suite sends bad input on
     * purpose); answered with success, it is a violation, since a generated client would never send it
     * and the document hides what the service takes.
     */
    static void check(
            String service,
            int port,
            String method,
            String pathAndQuery,
            String requestBody,
            Map<String, String> requestHeaders,
            HttpResponse<String> response) {
        String path = URI.create(pathAndQuery).getPath();
        if (service == null || !path.startsWith("/api/")) {
            return;
        }
        JsonNode document;
        try {
            document = DOCUMENTS.computeIfAbsent(service, name -> fetch(port));
        } catch (RuntimeException unreachable) {
            return;
        }
        String template = templateOf(document, path);
        int status = response.statusCode();
        String operation = method + " " + (template == null ? path : template);
        JsonNode declared =
                template == null ? null : document.get("paths").get(template).get(method.toLowerCase());
        if (declared == null) {
            // a path or method this service does not take: its 404/405, or the 401/403 that authentication gives
            // before any routing, is no operation of the document
            if (status != 401 && status != 403 && status != 404 && status != 405) {
                violation(service, operation, status, "", "no such operation in the document");
            }
            return;
        }
        VALIDATED.incrementAndGet();
        checkRequest(service, document, operation, declared, requestBody, requestHeaders, status);
        JsonNode answer = declared.path("responses").get(String.valueOf(status));
        if (answer == null) {
            answer = declared.path("responses").get("default");
        }
        if (answer == null) {
            violation(service, operation, status, "", "status not declared");
            return;
        }
        answer = resolved(document, "responses", answer); // a shared refusal under components/responses
        String contentType = response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .split(";")[0]
                .trim();
        if (!(contentType.equals("application/json") || contentType.endsWith("+json"))
                || response.body().isEmpty()) {
            return;
        }
        JsonNode content = answer.path("content");
        JsonNode media = content.get(contentType);
        if (media == null && contentType.equals("application/problem+json")) {
            media = content.get("application/json");
        }
        if (media == null
                && content.size() == 1
                && content.propertyNames().iterator().next().equals("*/*")) {
            media = content.get("*/*");
        }
        if (media == null) {
            violation(service, operation, status, "", "content type " + contentType + " not declared");
            return;
        }
        JsonNode schema = media.get("schema");
        if (schema == null) {
            return;
        }
        JsonNode body;
        try {
            body = RunningSystem.JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
            violation(service, operation, status, "", "body is not JSON");
            return;
        }
        Schema compiled = COMPILED.computeIfAbsent(
                service + " " + operation + " " + status + " " + contentType, key -> compile(document, schema));
        for (com.networknt.schema.Error error : compiled.validate(body)) {
            violation(service, operation, status, String.valueOf(error.getInstanceLocation()), error.getMessage());
        }
    }

    /** The request of an answered operation: its JSON body and its required headers, as declared. */
    private static void checkRequest(
            String service,
            JsonNode document,
            String operation,
            JsonNode declared,
            String requestBody,
            Map<String, String> requestHeaders,
            int status) {
        boolean accepted = status >= 200 && status < 300;
        List<String> refusals = new ArrayList<>();
        for (JsonNode declaredParameter : declared.path("parameters")) {
            JsonNode parameter = resolved(document, "parameters", declaredParameter);
            String name = parameter.path("name").asString();
            if ("header".equals(parameter.path("in").asString())
                    && parameter.path("required").asBoolean()
                    && requestHeaders.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                refusals.add("required header " + name + " missing");
            }
        }
        JsonNode body = declared.path("requestBody");
        JsonNode schema = body.path("content").path("application/json").get("schema");
        if (requestBody == null || requestBody.isEmpty()) {
            if (body.path("required").asBoolean()) {
                refusals.add("required body missing");
            }
        } else if (schema != null) {
            try {
                JsonNode sent = RunningSystem.JSON.readTree(requestBody);
                Schema compiled = COMPILED.computeIfAbsent(
                        service + " " + operation + " request", key -> compile(document, schema));
                for (com.networknt.schema.Error error : compiled.validate(sent)) {
                    refusals.add("body at " + error.getInstanceLocation() + ": " + error.getMessage());
                }
            } catch (RuntimeException notJson) {
                refusals.add("body is not JSON");
            }
        }
        if (refusals.isEmpty()) {
            return;
        }
        REFUSED_REQUESTS.incrementAndGet();
        if (accepted) {
            for (String refusal : refusals) {
                violation(service, operation, status, "", "request accepted that the document refuses: " + refusal);
            }
        }
    }

    /** {@code node} itself, or the {@code components/<kind>} entry its {@code $ref} names. */
    static JsonNode resolved(JsonNode document, String kind, JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String ref = node.get("$ref").asString();
        return document.path("components").path(kind).path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** The response schema as a schema document of its own, the OpenAPI document's components beside it. */
    private static Schema compile(JsonNode document, JsonNode schema) {
        ObjectNode root = RunningSystem.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        if (schema.has("$ref")) {
            root.put("$ref", schema.get("$ref").asString());
        } else {
            schema.properties().forEach(entry -> root.set(entry.getKey(), entry.getValue()));
        }
        return SCHEMAS.getSchema(root);
    }

    /** The document's path template the request path falls under; a literal segment beats a parameter. */
    private static String templateOf(JsonNode document, String path) {
        String best = null;
        int bestParameters = Integer.MAX_VALUE;
        for (String template : document.get("paths").propertyNames()) {
            String regex = Pattern.quote(template).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                int parameters = template.split("\\{", -1).length - 1;
                if (parameters < bestParameters) {
                    best = template;
                    bestParameters = parameters;
                }
            }
        }
        return best;
    }

    private static JsonNode fetch(int port) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return RunningSystem.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void violation(String service, String operation, int status, String at, String message) {
        String text = service + ": " + operation + " " + status + (at.isEmpty() ? "" : " at " + at) + ": " + message;
        synchronized (VIOLATIONS) {
            VIOLATIONS
                    .computeIfAbsent(
                            service + ": " + operation + " " + status + " "
                                    + message.replaceAll("\"[^\"]*\"", "\"...\""),
                            k -> new ArrayList<>())
                    .add(text);
        }
        if (STRICT) {
            throw new AssertionError("the answer disagrees with the OpenAPI document: " + text);
        }
    }

    private static void report() {
        StringBuilder report = new StringBuilder();
        int total;
        synchronized (VIOLATIONS) {
            total = VIOLATIONS.values().stream().mapToInt(List::size).sum();
            report.append(String.format(
                    "contract: %d answers and their requests (%d of those outside the document,"
                            + " the bad input the suite sends) validated against the OpenAPI documents, %d violations of"
                            + " %d kinds%n",
                    VALIDATED.get(), REFUSED_REQUESTS.get(), total, VIOLATIONS.size()));
            VIOLATIONS.forEach((kind, all) -> report.append(String.format("  %4d x %s%n", all.size(), all.get(0))));
        }
        System.out.print(report);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "contract-report.txt"), report);
        } catch (IOException ignored) {
            // the report was printed
        }
    }
}

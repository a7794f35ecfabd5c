package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 35, the documents' shape: each service's {@code /v3/api-docs} describes its own operations
 * and no other (no {@code /error}, none of the other service's 405 catchers), every operation has a
 * stable {@code operationId}, a summary and its resource's tag, and the success statuses are the
 * ones the service answers (201 with {@code Location} and {@code ETag} for what creates, 204 for the
 * erasure). A few real answers are checked against their operation's declared statuses; validating
 * every response of the suite is the next step.
 */
class OpenApiDocumentsEndToEndTest {

    private static final Set<String> COMMANDS = Set.of(
            "POST /api/inventory",
            "POST /api/inventory/{sku}/receipts",
            "POST /api/inventory/{sku}/adjustments",
            "PUT /api/inventory/{sku}/price",
            "POST /api/orders",
            "POST /api/orders/{orderId}/cancel",
            "POST /api/orders/{orderId}/ship",
            "POST /api/payments/{paymentId}/refunds",
            "DELETE /api/customers/{customerId}/personal-data",
            "GET /api/admin/payments/reconciliation");
    private static final Set<String> QUERIES = Set.of(
            "GET /api/orders",
            "GET /api/orders/{orderId}",
            "GET /api/orders/{orderId}/updates",
            "GET /api/payments/{paymentId}",
            "GET /api/inventory",
            "GET /api/inventory/{sku}",
            "GET /api/search/orders",
            "GET /api/analytics/revenue",
            "GET /api/analytics/top-products",
            "GET /api/audit/verify",
            "GET /api/audit/streams/{aggregateType}/{aggregateId}",
            "GET /api/audit/streams/{aggregateType}/{aggregateId}/state",
            "GET /api/audit/events",
            "GET /api/audit/export",
            "GET /api/audit/reads",
            "GET /api/audit/schemas",
            "GET /api/audit/schemas/{name}",
            "GET /api/admin/projections",
            "GET /api/admin/projections/{name}",
            "POST /api/admin/projections/{name}/replay",
            "POST /api/admin/projections/{name}/dead-letters/retry");

    private static RunningSystem system;
    private static JsonNode command;
    private static JsonNode query;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        command = document(system.commandPort);
        query = document(system.queryPort);
    }

    private static JsonNode document(int port) throws Exception {
        HttpResponse<String> response = system.send("GET", port, "/v3/api-docs", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        System.out.printf(
                "OpenAPI document of port %d: %,d bytes%n",
                port, response.body().length());
        return RunningSystem.JSON.readTree(response.body());
    }

    @Test
    void eachDocumentDescribesItsOwnServiceExactly() {
        assertThat(operations(command)).containsExactlyInAnyOrderElementsOf(COMMANDS);
        assertThat(operations(query)).containsExactlyInAnyOrderElementsOf(QUERIES);
        for (JsonNode document : new JsonNode[] {command, query}) {
            assertThat(document.get("openapi").asString()).startsWith("3.1");
            assertThat(document.get("servers").toString())
                    .as("no address from the request")
                    .isEqualTo(
                            "[{\"url\":\"/\",\"description\":\"this service," + " where this document was fetched\"}]");
            assertThat(names(document.get("paths"))).noneMatch(path -> path.equals("/error") || path.contains("**"));
        }
    }

    @Test
    void everyOperationHasAStableIdASummaryAndItsResourcesTag() {
        for (JsonNode document : new JsonNode[] {command, query}) {
            Set<String> ids = new HashSet<>();
            forEachOperation(document, (key, operation) -> {
                String id = operation.path("operationId").asString("");
                assertThat(id).as(key + " operationId").matches("[a-z][A-Za-z]+");
                assertThat(ids.add(id))
                        .as(key + ": operationId " + id + " used twice")
                        .isTrue();
                assertThat(operation.path("summary").asString(""))
                        .as(key + " summary")
                        .isNotBlank();
                String resource = key.split(" ")[1].split("/")[2];
                assertThat(operation.get("tags").toString()).as(key + " tags").isEqualTo("[\"" + resource + "\"]");
            });
        }
    }

    @Test
    void theSuccessStatusesAreTheOnesAnswered() {
        assertThat(successes(command, "POST /api/orders")).containsExactly("201");
        assertThat(successes(command, "POST /api/inventory")).containsExactly("201");
        for (String creating : new String[] {"/api/orders", "/api/inventory"}) {
            JsonNode headers = command.at("/paths/" + pointer(creating) + "/post/responses/201/headers");
            assertThat(names(headers)).as(creating + " 201 headers").contains("Location", "ETag");
        }
        assertThat(successes(command, "DELETE /api/customers/{customerId}/personal-data"))
                .containsExactly("204");
        assertThat(successes(command, "POST /api/payments/{paymentId}/refunds")).containsExactly("200", "202");
        assertThat(successes(command, "POST /api/orders/{orderId}/ship")).containsExactly("200");
        assertThat(names(command.at("/paths/" + pointer("/api/orders/{orderId}/ship") + "/post/responses/200/headers")))
                .contains("ETag");
    }

    @Test
    void realAnswersAreAmongTheirOperationsDeclaredStatuses() throws Exception {
        String sku = "OAS-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put(
                "POST /api/inventory",
                system.command(
                        "POST",
                        "/api/inventory",
                        "{\"sku\":\"" + sku
                                + "\",\"name\":\"Contract\",\"unitPrice\":{\"amount\":100,\"currency\":\"EUR\"},\"taxRateBasisPoints\":0}"));
        answers.put(
                "POST /api/inventory/{sku}/receipts",
                system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":0}"));
        answers.put("POST /api/orders", system.send("POST", system.commandPort, "/api/orders", null, "{}"));
        for (Map.Entry<String, HttpResponse<String>> answer : answers.entrySet()) {
            String status = String.valueOf(answer.getValue().statusCode());
            assertThat(names(responsesOf(command, answer.getKey())))
                    .as(answer.getKey() + " answered " + status)
                    .contains(status);
        }
        assertThat(answers.get("POST /api/inventory").statusCode()).isEqualTo(201);
        HttpResponse<String> item = system.query("/api/inventory/" + sku + "?minVersion=0", "ANALYST");
        assertThat(names(responsesOf(query, "GET /api/inventory/{sku}"))).contains(String.valueOf(item.statusCode()));
    }

    /**
     * The documents are checked in under docs/openapi (so a contract change shows in review) and
     * must be the served ones; {@code TALLY_OPENAPI_WRITE=true ./tally test -pl e2e-tests -am
     * -Dtest=OpenApiDocumentsEndToEndTest} writes them anew. Canonical form: keys sorted (the
     * server is relative, {@code /}, so nothing of the run's address is in them).
     */
    @Test
    void theCheckedInDocumentsAreTheServedOnes() throws Exception {
        Map<String, JsonNode> served = Map.of("command-side", command, "query-side", query);
        for (Map.Entry<String, JsonNode> document : served.entrySet()) {
            java.nio.file.Path file = java.nio.file.Path.of("..", "docs", "openapi", document.getKey() + ".json");
            String canonical = RunningSystem.JSON
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(canonical(document.getValue()))
                    + "\n";
            if ("true".equals(System.getenv("TALLY_OPENAPI_WRITE"))) {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, canonical);
            }
            assertThat(java.nio.file.Files.exists(file))
                    .as(file + " is checked in")
                    .isTrue();
            assertThat(java.nio.file.Files.readString(file))
                    .as(file + " is what " + document.getKey() + " serves (TALLY_OPENAPI_WRITE=true writes it anew)")
                    .isEqualTo(canonical);
        }
    }

    /** The node with every object's keys sorted. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            tools.jackson.databind.node.ObjectNode sorted = RunningSystem.JSON.createObjectNode();
            for (String name : new TreeSet<>(names(node))) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            tools.jackson.databind.node.ArrayNode array = RunningSystem.JSON.createArrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        forEachOperation(document, (key, operation) -> operations.add(key));
        return operations;
    }

    private static void forEachOperation(JsonNode document, java.util.function.BiConsumer<String, JsonNode> each) {
        for (String path : names(document.get("paths"))) {
            JsonNode item = document.get("paths").get(path);
            for (String method : names(item)) {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace")
                        .contains(method)) {
                    each.accept(method.toUpperCase() + " " + path, item.get(method));
                }
            }
        }
    }

    private static JsonNode responsesOf(JsonNode document, String operation) {
        String[] parts = operation.split(" ");
        JsonNode responses = document.at("/paths/" + pointer(parts[1]) + "/" + parts[0].toLowerCase() + "/responses");
        assertThat(responses.isMissingNode()).as(operation + " in the document").isFalse();
        return responses;
    }

    private static Set<String> successes(JsonNode document, String operation) {
        Set<String> codes = new TreeSet<>();
        for (String code : names(responsesOf(document, operation))) {
            if (code.startsWith("2")) {
                codes.add(code);
            }
        }
        return codes;
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        if (object != null && object.isObject()) {
            object.propertyNames().forEach(names::add);
        }
        return names;
    }
}

package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Breaking changes caught (issue 35): each checked-in document against the last release's copy in
 * {@code docs/openapi/released/}. Under the same major version no operation, declared status,
 * response field or request field may go; a field's type may not change except a request field's
 * widening; no request field or parameter may become required. Raising the major version
 * ({@code TallyOpenApi.API_VERSION}) allows a break; a release copies the documents to released/.
 * No openapi-diff is served here; this is the small check the issue allows, and its own test shows
 * it catches each kind.
 */
class ReleasedContractTest {

    private static final Path DOCUMENTS = Path.of("..", "docs", "openapi");

    @Test
    void neitherDocumentBreaksTheLastRelease() throws Exception {
        for (String service : List.of("command-side", "query-side")) {
            JsonNode released = read(DOCUMENTS.resolve("released").resolve(service + ".json"));
            JsonNode current = read(DOCUMENTS.resolve(service + ".json"));
            if (major(current) > major(released)) {
                continue;
            }
            assertThat(major(current))
                    .as(service + ": the API version never goes back")
                    .isEqualTo(major(released));
            assertThat(breaks(released, current))
                    .as(service + " breaks release " + version(released)
                            + " (raise the major version of TallyOpenApi.API_VERSION to allow it)")
                    .isEmpty();
        }
    }

    @Test
    void theCheckFindsEachKindOfBreak() throws Exception {
        JsonNode released = read(DOCUMENTS.resolve("command-side.json"));
        assertThat(breaks(released, released)).isEmpty();

        ObjectNode removedOperation = (ObjectNode) released.deepCopy();
        ((ObjectNode) removedOperation.get("paths")).remove("/api/orders/{orderId}/ship");
        assertThat(breaks(released, removedOperation)).anyMatch(text -> text.contains("operation removed"));

        ObjectNode removedStatus = (ObjectNode) released.deepCopy();
        ((ObjectNode) removedStatus.at("/paths/~1api~1orders/post/responses")).remove("201");
        assertThat(breaks(released, removedStatus)).anyMatch(text -> text.contains("status 201 no longer declared"));

        ObjectNode removedField = (ObjectNode) released.deepCopy();
        ((ObjectNode) removedField.at("/components/schemas/OrderStateView/properties")).remove("totals");
        assertThat(breaks(released, removedField)).anyMatch(text -> text.contains("OrderStateView.totals removed"));

        ObjectNode changedType = (ObjectNode) released.deepCopy();
        ((ObjectNode) changedType.at("/components/schemas/OrderStateView/properties/version")).put("type", "string");
        assertThat(breaks(released, changedType)).anyMatch(text -> text.contains("OrderStateView.version type"));

        ObjectNode newRequired = (ObjectNode) released.deepCopy();
        ((ArrayNode) newRequired.at("/components/schemas/PlaceOrderRequest/required")).add("discountCode");
        assertThat(breaks(released, newRequired))
                .anyMatch(text -> text.contains("PlaceOrderRequest.discountCode became required"));

        ObjectNode requiredParameter = (ObjectNode) released.deepCopy();
        ((ObjectNode) requiredParameter.at("/components/parameters/Idempotency-Key")).put("required", true);
        assertThat(breaks(released, requiredParameter))
                .anyMatch(text -> text.contains("parameter Idempotency-Key became required"));
    }

    /** What {@code current} no longer keeps of {@code released}, a sentence each. */
    static List<String> breaks(JsonNode released, JsonNode current) {
        List<String> breaks = new ArrayList<>();
        for (String path : names(released.get("paths"))) {
            for (String method : names(released.get("paths").get(path))) {
                String operation = method.toUpperCase() + " " + path;
                JsonNode before = released.get("paths").get(path).get(method);
                JsonNode after = current.path("paths").path(path).get(method);
                if (after == null) {
                    breaks.add(operation + ": operation removed");
                    continue;
                }
                for (String status : names(before.path("responses"))) {
                    if (!after.path("responses").has(status)) {
                        breaks.add(operation + ": status " + status + " no longer declared");
                    }
                }
                Set<String> requiredBefore = requiredParameters(released, before);
                for (String parameter : requiredParameters(current, after)) {
                    if (!requiredBefore.contains(parameter)) {
                        breaks.add(operation + ": parameter " + parameter + " became required");
                    }
                }
            }
        }
        JsonNode schemasBefore = released.path("components").path("schemas");
        JsonNode schemasAfter = current.path("components").path("schemas");
        Set<String> requests = requestSchemas(released);
        for (String schema : names(schemasBefore)) {
            JsonNode before = schemasBefore.get(schema);
            JsonNode after = schemasAfter.get(schema);
            if (after == null) {
                breaks.add(schema + " removed");
                continue;
            }
            for (String field : names(before.path("properties"))) {
                JsonNode afterField = after.path("properties").get(field);
                if (afterField == null) {
                    breaks.add(schema + "." + field + " removed");
                    continue;
                }
                Set<String> typesBefore = types(before.get("properties").get(field));
                Set<String> typesAfter = types(afterField);
                boolean widenedRequest = requests.contains(schema) && typesAfter.containsAll(typesBefore);
                if (!typesBefore.equals(typesAfter) && !widenedRequest) {
                    breaks.add(schema + "." + field + " type " + typesBefore + " became " + typesAfter);
                }
            }
            if (requests.contains(schema)) {
                Set<String> requiredBefore = strings(before.path("required"));
                for (String field : strings(after.path("required"))) {
                    if (!requiredBefore.contains(field)) {
                        breaks.add(schema + "." + field + " became required");
                    }
                }
            }
        }
        return breaks;
    }

    /** The schemas a request body names (directly or inside another request schema). */
    private static Set<String> requestSchemas(JsonNode document) {
        Set<String> requests = new TreeSet<>();
        List<JsonNode> pending = new ArrayList<>();
        document.path("paths").forEach(item -> item.forEach(operation -> pending.add(operation.path("requestBody"))));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(pending.size() - 1);
            boolean schemaReference = node.isObject()
                    && node.has("$ref")
                    && node.get("$ref").asString().startsWith("#/components/schemas/");
            if (schemaReference) {
                String name = node.get("$ref").asString().substring("#/components/schemas/".length());
                if (requests.add(name)) {
                    pending.add(document.path("components").path("schemas").path(name));
                }
            }
            if (node.isContainer()) {
                node.forEach(pending::add);
            }
        }
        return requests;
    }

    private static Set<String> requiredParameters(JsonNode document, JsonNode operation) {
        Set<String> required = new TreeSet<>();
        for (JsonNode declared : operation.path("parameters")) {
            JsonNode parameter = ContractValidator.resolved(document, "parameters", declared);
            if (parameter.path("required").asBoolean()) {
                required.add(parameter.path("name").asString());
            }
        }
        return required;
    }

    /** A field's JSON types, or its reference, as a set (a reference or an anyOf counts by its members). */
    private static Set<String> types(JsonNode field) {
        Set<String> types = new TreeSet<>();
        if (field.has("$ref")) {
            types.add(field.get("$ref").asString());
        }
        JsonNode type = field.get("type");
        if (type != null && type.isArray()) {
            type.forEach(each -> types.add(each.asString()));
        } else if (type != null) {
            types.add(type.asString());
        }
        field.path("anyOf").forEach(option -> types.addAll(types(option)));
        return types;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> strings = new HashSet<>();
        array.forEach(each -> strings.add(each.asString()));
        return strings;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        if (object != null && object.isObject()) {
            object.propertyNames().forEach(names::add);
        }
        return names;
    }

    private static int major(JsonNode document) {
        return Integer.parseInt(version(document).split("\\.")[0]);
    }

    private static String version(JsonNode document) {
        return document.path("info").path("version").asString();
    }

    private static JsonNode read(Path file) throws Exception {
        return RunningSystem.JSON.readTree(Files.readString(file));
    }
}

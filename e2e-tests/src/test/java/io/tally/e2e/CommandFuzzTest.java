package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property-based fuzzing of every command endpoint: each try takes a valid request and mutates it
 * (a field replaced by a random value, removed or added, numbers at and past their limits, names in
 * odd Unicode, the JSON truncated, nested too deep, replaced by noise, the wrong content type, a
 * random id in the path). Whatever comes back is never a 5xx; a refusal is problem+json, and no
 * event is stored for it (each request carries its own {@code Idempotency-Key}, which every event
 * it causes would carry in its metadata).
 */
class CommandFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger ACCEPTED = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static RunningSystem system;
    private static String sku;
    private static String order;
    private static String payment;
    private static Connection db;

    /** A command endpoint: method, path with {id}, and a valid body. */
    private record Endpoint(String method, String path, String id, String body) {}

    private static List<Endpoint> endpoints;

    @BeforeContainer
    static void start() throws Exception {
        system = RunningSystem.get();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        sku = "FUZZ-" + tag;
        system.stock(sku, 1000, 1900, 1_000_000);
        HttpResponse<String> placed =
                system.command("POST", "/api/orders", orderBody("tok_visa").toString());
        JsonNode view = RunningSystem.JSON.readTree(placed.body());
        order = view.get("orderId").asString();
        payment = view.get("paymentId").asString();
        system.awaitOrderStatus(order, Duration.ofSeconds(20), "CONFIRMED");
        db = DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
        endpoints = List.of(
                new Endpoint("POST", "/api/inventory", null, """
                        {"sku":"FZ-%s","name":"Fuzz item","unitPrice":{"amount":100,"currency":"EUR"},
                         "taxRateBasisPoints":700}""".formatted(tag)),
                new Endpoint("POST", "/api/inventory/{id}/receipts", sku, "{\"quantity\":5,\"reference\":\"in\"}"),
                new Endpoint("POST", "/api/inventory/{id}/adjustments", sku, "{\"delta\":-1,\"reason\":\"broken\"}"),
                new Endpoint(
                        "PUT",
                        "/api/inventory/{id}/price",
                        sku,
                        "{\"unitPrice\":{\"amount\":999,\"currency\":\"EUR\"}}"),
                new Endpoint("POST", "/api/orders", null, orderBody("tok_visa").toString()),
                new Endpoint("POST", "/api/orders/{id}/cancel", order, "{\"reason\":\"changed my mind\"}"),
                new Endpoint("POST", "/api/orders/{id}/ship", order, "{\"carrier\":\"DHL\",\"trackingNumber\":\"Z1\"}"),
                new Endpoint(
                        "POST",
                        "/api/payments/{id}/refunds",
                        payment,
                        "{\"amount\":{\"amount\":1,\"currency\":\"EUR\"},\"reason\":\"scratch\"}"));
    }

    @AfterContainer
    static void stop() throws Exception {
        System.out.printf("command fuzzing: %d accepted, %d refused%n", ACCEPTED.get(), REFUSED.get());
        db.close();
    }

    @Property(tries = 2500)
    void noBodyBreaksACommandAndNoRefusalStoresAnEvent(
            @ForAll @IntRange(min = 0, max = 7) int which, @ForAll Random random) throws Exception {
        Endpoint endpoint = endpoints.get(which);
        String id = endpoint.id() == null
                ? null
                : random.nextInt(10) == 0 ? noise(random, 1 + random.nextInt(80)) : endpoint.id();
        String path = id == null
                ? endpoint.path()
                : endpoint.path()
                        .replace(
                                "{id}",
                                URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        String contentType =
                random.nextInt(25) == 0 ? "text/plain" : random.nextInt(50) == 0 ? null : "application/json";
        String body = mutate(endpoint.body(), random);
        String key = UUID.randomUUID().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + system.commandPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + system.token("APP"))
                .header("Idempotency-Key", key)
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String what = endpoint.method() + " " + path + " " + contentType + " " + body;
        assertThat(response.statusCode()).as(what + " -> " + response.body()).isLessThan(500);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            ACCEPTED.incrementAndGet();
            return;
        }
        REFUSED.incrementAndGet();
        assertThat(response.headers().firstValue("Content-Type").orElse("none"))
                .as(what + " -> " + response.statusCode() + " " + response.body())
                .startsWith("application/problem+json");
        assertThat(eventsWithKey(key))
                .as("events stored for a refused request: " + what)
                .isZero();
    }

    private static long eventsWithKey(String key) throws Exception {
        try (PreparedStatement query =
                db.prepareStatement("SELECT count(*) FROM tally_events.domain_event_entry WHERE meta_data LIKE ?")) {
            query.setString(1, "%\"idempotencyKey\":\"" + key + "\"%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static ObjectNode orderBody(String token) {
        ObjectNode body = NODES.objectNode();
        body.put("customerId", "cus_fuzz");
        body.put("customerName", "Fuzz Tester");
        body.put("customerEmail", "fuzz@example.com");
        body.put("currency", "EUR");
        ArrayNode lines = body.putArray("lines");
        lines.addObject().put("sku", sku).put("quantity", 1);
        body.put("paymentToken", token);
        return body;
    }

    /** A valid body made invalid (or, now and then, left valid) in one of many ways. */
    private static String mutate(String valid, Random random) {
        JsonNode tree = RunningSystem.JSON.readTree(valid);
        switch (random.nextInt(11)) {
            case 0 -> replaceSomewhere(tree, random, value(random, 3));
            case 1 -> removeSomewhere(tree, random);
            case 2 -> ((ObjectNode) tree).set(noise(random, 1 + random.nextInt(12)), value(random, 2));
            case 3 -> {
                return value(random, 4).toString();
            }
            case 4 -> {
                String text = valid;
                return text.substring(0, random.nextInt(text.length()));
            }
            case 5 -> {
                int depth = 20 + random.nextInt(200);
                return "[".repeat(depth) + valid + "]".repeat(random.nextBoolean() ? depth : depth / 2);
            }
            case 6 -> {
                return noise(random, random.nextInt(400));
            }
            case 7 -> replaceSomewhere(tree, random, edgeNumber(random));
            case 8 -> replaceSomewhere(tree, random, NODES.stringNode(oddText(random)));
            case 9 ->
                replaceSomewhere(
                        tree,
                        random,
                        NODES.stringNode("x".repeat(random.nextInt(3) == 0 ? 100_000 : 150 + random.nextInt(600))));
            default -> {
                // left valid: the rules of the aggregate (stock, state, refunds) still refuse some
            }
        }
        return tree.toString();
    }

    /** Replaces one value (at any depth) of the tree. */
    private static void replaceSomewhere(JsonNode tree, Random random, JsonNode value) {
        List<ObjectNode> parents = new ArrayList<>();
        collectObjects(tree, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>(parent.propertyNames());
        if (!names.isEmpty()) {
            parent.set(names.get(random.nextInt(names.size())), value);
        }
    }

    private static void removeSomewhere(JsonNode tree, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        collectObjects(tree, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>(parent.propertyNames());
        if (!names.isEmpty()) {
            parent.remove(names.get(random.nextInt(names.size())));
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (JsonNode child : node) {
            collectObjects(child, objects);
        }
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> edgeNumber(random);
            case 3 -> NODES.stringNode(oddText(random));
            case 4 -> NODES.stringNode(noise(random, random.nextInt(40)));
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(
                            List.of("amount", "currency", "sku", "quantity", "x")
                                    .get(random.nextInt(5)),
                            value(random, depth - 1));
                }
                yield object;
            }
        };
    }

    private static JsonNode edgeNumber(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(1_000_000_000_000_000L);
            case 3 -> NODES.numberNode(1_000_000_000_000_001L);
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            case 5 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 6 -> NODES.numberNode(1.5);
            case 7 -> NODES.numberNode(1e300);
            case 8 -> NODES.numberNode(Integer.MIN_VALUE);
            default -> NODES.numberNode(random.nextLong());
        };
    }

    /** Text a name field should survive: combining marks, right-to-left, emoji, controls, lone surrogates. */
    private static String oddText(Random random) {
        List<String> pieces = List.of(
                "e\u0301",
                "\u00e9",
                "\u202e",
                "\ud83d\ude00",
                "\u0000",
                "\n",
                "\t",
                "\ud800",
                "\u200b",
                "Ω",
                "\"",
                "\\",
                "<script>",
                "' OR 1=1 --",
                "%00",
                "\uffff",
                " ");
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            text.append(pieces.get(random.nextInt(pieces.size())));
        }
        return text.toString();
    }

    private static String noise(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }
}

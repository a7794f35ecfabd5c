package io.tally.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One system the work per order is counted on, driven as a client would: an order of one line
 * placed, followed until CONFIRMED, shipped, followed until SHIPPED.
 */
interface OrderFlow {

    JsonMapper JSON = JsonMapper.builder().build();
    HttpClient HTTP = HttpClient.newHttpClient();

    String name();

    /** Where commands go. */
    String commandBase();

    /** The bearer token commands carry, or null where none is asked for. */
    String appToken();

    /**
     * Reads the order until it shows {@code status}; {@code minVersion} is the first version worth
     * reading, as the command's answer told the client (-1 where it told none).
     */
    void follow(String orderId, String status, long minVersion) throws Exception;

    /** Besides the log's head standing still: whatever else must have caught up (read models). */
    default boolean caughtUp() throws Exception {
        return true;
    }

    /** The processes whose CPU is this system's (as {@link WorkPerOrder#cpuTicks} names them), PostgreSQL included. */
    List<String> processes();

    /** An item with a million units. */
    default void register(String sku, int index) throws Exception {
        expect(
                send(
                        "POST",
                        commandBase() + "/api/inventory",
                        appToken(),
                        "{\"sku\":\"" + sku + "\",\"name\":\"Cost item "
                                + index + "\",\"unitPrice\":{\"amount\":" + (500 + index * 10)
                                + ",\"currency\":\"EUR\"},"
                                + "\"taxRateBasisPoints\":1900}"),
                201,
                name() + ": registering " + sku);
        expect(
                send(
                        "POST",
                        commandBase() + "/api/inventory/" + sku + "/receipts",
                        appToken(),
                        "{\"quantity\":1000000}"),
                200,
                name() + ": receiving " + sku);
    }

    default void orderThroughShipped(String sku) throws Exception {
        JsonNode placed = expect(
                send("POST", commandBase() + "/api/orders", appToken(), """
                {"customerId":"cus_cost","customerName":"Cost Counter","customerEmail":"cost@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku)),
                201,
                name() + ": placing an order");
        String orderId = placed.get("orderId").asString();
        // the confirmation is the change after the placement the client was answered with
        follow(
                orderId,
                "CONFIRMED",
                placed.has("version") ? placed.get("version").asLong() + 1 : -1);
        JsonNode shipped = expect(
                send(
                        "POST",
                        commandBase() + "/api/orders/" + orderId + "/ship",
                        appToken(),
                        "{\"carrier\":\"DHL\",\"trackingNumber\":\"COST-1\"}"),
                200,
                name() + ": shipping " + orderId);
        follow(
                orderId,
                "SHIPPED",
                shipped.has("version") ? shipped.get("version").asLong() : -1);
    }

    /** Every event handled ({@link #caughtUp}) and the log's head unmoved for two seconds. */
    default void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long lastHead = -1;
        while (System.nanoTime() < deadline) {
            long head = head();
            if (caughtUp() && head == lastHead) {
                return;
            }
            lastHead = head;
            Thread.sleep(2000);
        }
        throw new IllegalStateException(name() + " did not become quiet within 120 s");
    }

    /** Events stored so far. */
    long head() throws SQLException;

    static long head(String dbUrl, String dbUser, String dbPassword, String table) throws SQLException {
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}

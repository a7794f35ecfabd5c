package io.tally.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

/**
 * One system the work per order is counted on, driven as a client would: an order of one line
 * placed, followed until CONFIRMED, shipped, followed until SHIPPED.
 */
interface OrderFlow {

    JsonMapper JSON = JsonMapper.builder().build();
    HttpClient HTTP = HttpClient.newHttpClient();

    String name();

    /** The processes whose CPU is this system's (as {@link WorkPerOrder#cpuTicks} names them), PostgreSQL included. */
    List<String> processes();

    /** The database role(s) its statements run as. */
    List<String> roles();

    void register(String sku, int index) throws Exception;

    void orderThroughShipped(String sku) throws Exception;

    /** Every event handled and the log's head unmoved for two seconds. */
    void awaitQuiet() throws Exception;

    /** Events stored so far. */
    long head() throws SQLException;

    static long head(String dbUrl, String dbUser, String dbPassword, String table) throws SQLException {
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
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

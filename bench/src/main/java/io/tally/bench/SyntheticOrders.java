package io.tally.bench;

import static io.tally.bench.BenchMain.env;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies of the projected orders in the order read models only (never in the event log), so the
 * console's list, search and revenue pages can be timed on more orders than the log holds; every
 * copy's id starts {@value #PREFIX} and {@link #remove} deletes them all.
 */
final class SyntheticOrders {

    static final String PREFIX = "ord_synthetic_";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SyntheticOrders() {}

    /** Adds {@code count} copies to {@code order_view} and the {@code alias} index; answers how many it added. */
    static long add(String dbUrl, String elasticsearch, String alias, long count) throws Exception {
        long added;
        try (Connection db = connect(dbUrl);
                PreparedStatement insert = db.prepareStatement("""
                INSERT INTO tally_query.order_view (order_id, customer_id, customer_name, customer_email, currency,
                    status, lines, subtotal, discount, tax, total, discount_code, payment_id, reason, placed_at,
                    updated_at, version)
                SELECT ? || g || '_' || o.order_id, o.customer_id, o.customer_name, o.customer_email, o.currency,
                    o.status, o.lines, o.subtotal, o.discount, o.tax, o.total, o.discount_code, o.payment_id, o.reason,
                    o.placed_at - make_interval(days => g), o.updated_at - make_interval(days => g), o.version
                  FROM generate_series(1, 1000) g CROSS JOIN tally_query.order_view o
                 WHERE o.order_id NOT LIKE ? ORDER BY g, o.order_id LIMIT ?""")) {
            insert.setString(1, PREFIX);
            insert.setString(2, PREFIX + "%");
            insert.setLong(3, count);
            added = insert.executeUpdate();
        }
        try (Connection db = connect(dbUrl);
                Statement sql = db.createStatement()) {
            sql.execute("ANALYZE tally_query.order_view");
        }
        long indexed = 0;
        List<JsonNode> originals = originals(elasticsearch, alias);
        StringBuilder bulk = new StringBuilder();
        for (int round = 1; indexed < count && !originals.isEmpty(); round++) {
            for (JsonNode original : originals) {
                if (indexed == count) {
                    break;
                }
                ObjectNode copy = (ObjectNode) original.get("_source").deepCopy();
                String id = PREFIX + round + "_" + original.get("_id").asString();
                copy.put("orderId", id);
                shift(copy, "placedAt", round);
                shift(copy, "updatedAt", round);
                bulk.append("{\"index\":{\"_id\":\"")
                        .append(id)
                        .append("\"}}\n")
                        .append(JSON.writeValueAsString(copy))
                        .append('\n');
                if (++indexed % 2000 == 0) {
                    send(elasticsearch + "/" + alias + "/_bulk", bulk.toString());
                    bulk.setLength(0);
                }
            }
        }
        if (!bulk.isEmpty()) {
            send(elasticsearch + "/" + alias + "/_bulk", bulk.toString());
        }
        send(elasticsearch + "/" + alias + "/_refresh", null);
        System.out.printf("  added %d synthetic orders to order_view and %d to the %s index%n", added, indexed, alias);
        return added;
    }

    static void remove(String dbUrl, String elasticsearch, String alias) throws Exception {
        try (Connection db = connect(dbUrl);
                PreparedStatement delete =
                        db.prepareStatement("DELETE FROM tally_query.order_view WHERE order_id LIKE ?")) {
            delete.setString(1, PREFIX + "%");
            int rows = delete.executeUpdate();
            if (rows > 0) {
                System.out.printf("  removed %d synthetic orders from order_view%n", rows);
            }
        }
        // by ids (the embedded Elasticsearch has no reindex module, hence no _delete_by_query)
        long removed = 0;
        while (true) {
            JsonNode found = JSON.readTree(send(
                    elasticsearch + "/" + alias + "/_search",
                    "{\"size\":5000,\"_source\":false,\"query\":{\"prefix\":{\"orderId\":\"" + PREFIX + "\"}}}"));
            JsonNode hits = found.get("hits").get("hits");
            if (hits.isEmpty()) {
                break;
            }
            StringBuilder bulk = new StringBuilder();
            hits.forEach(hit -> bulk.append("{\"delete\":{\"_index\":\"")
                    .append(hit.get("_index").asString())
                    .append("\",\"_id\":\"")
                    .append(hit.get("_id").asString())
                    .append("\"}}\n"));
            send(elasticsearch + "/_bulk?refresh=true", bulk.toString());
            removed += hits.size();
        }
        if (removed > 0) {
            System.out.printf("  removed %d synthetic orders from the %s index%n", removed, alias);
        }
    }

    /** Every projected order document (scrolled), the synthetic ones left out. */
    private static List<JsonNode> originals(String elasticsearch, String alias) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        JsonNode page = JSON.readTree(send(
                elasticsearch + "/" + alias + "/_search?scroll=1m",
                "{\"size\":2000,\"query\":{\"bool\":{\"must_not\":{\"prefix\":{\"orderId\":\"" + PREFIX + "\"}}}}}"));
        while (page.get("hits").get("hits").size() > 0) {
            page.get("hits").get("hits").forEach(all::add);
            page = JSON.readTree(send(
                    elasticsearch + "/_search/scroll",
                    "{\"scroll\":\"1m\",\"scroll_id\":\""
                            + page.get("_scroll_id").asString() + "\"}"));
        }
        return all;
    }

    private static void shift(ObjectNode document, String field, int days) {
        JsonNode value = document.get(field);
        if (value != null && value.isString()) {
            document.put(
                    field,
                    Instant.parse(value.asString()).minus(Duration.ofDays(days)).toString());
        }
    }

    private static String send(String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
        request = body == null
                ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", url.contains("_bulk") ? "application/x-ndjson" : "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300
                || (url.contains("_bulk") && answer.body().contains("\"errors\":true"))) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": "
                    + answer.body().substring(0, Math.min(500, answer.body().length())));
        }
        return answer.body();
    }

    private static Connection connect(String dbUrl) throws Exception {
        return DriverManager.getConnection(dbUrl, env("TALLY_DB_USER", "postgres"), env("TALLY_DB_PASSWORD", ""));
    }
}

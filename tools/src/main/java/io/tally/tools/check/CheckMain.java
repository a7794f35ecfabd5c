package io.tally.tools.check;

import io.tally.formats.tokens.TokenPosition;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./tally check}: waits until the log is quiet and every projection has caught up, replays
 * the whole log through {@link InvariantChecker}, then compares the PostgreSQL read models and the
 * Elasticsearch {@code orders} index with the state it recomputed. Prints one line per rule and
 * exits 0 only when every rule holds.
 */
public final class CheckMain {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where the stores are and which copy of the read models to compare. */
    public record Target(
            String jdbcUrl,
            String user,
            String password,
            String elasticsearchUrl,
            String querySchema,
            String indexPrefix,
            String gatewayUrl,
            String gatewayKey) {}

    private CheckMain() {}

    public static void main(String[] args) throws Exception {
        Target target = new Target(
                env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres"),
                env("TALLY_DB_USER", "postgres"),
                env("TALLY_DB_PASSWORD", ""),
                env("TALLY_ES_URL", "http://127.0.0.1:19200"),
                env("TALLY_QUERY_SCHEMA", "tally_query"),
                env("TALLY_ES_INDEX_PREFIX", ""),
                env("TALLY_GATEWAY_URL", ""),
                env("TALLY_GATEWAY_API_KEY", ""));
        System.exit(check(target, -1, Duration.ofSeconds(3), Duration.ofMinutes(2), System.out) ? 0 : 1);
    }

    /**
     * Runs the whole check over the aggregates that started after global index {@code scope} (-1:
     * all); answers whether every rule held.
     */
    public static boolean check(Target target, long scope, Duration quiet, Duration patience, PrintStream out)
            throws Exception {
        try (Connection db = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            long head = awaitQuiet(db, target, quiet, patience, out);
            InvariantChecker checker = new InvariantChecker(scope);
            db.setAutoCommit(false);
            try (PreparedStatement query = db.prepareStatement("SELECT global_index, aggregate_identifier,"
                    + " sequence_number, payload_type, payload FROM tally_events.domain_event_entry"
                    + " WHERE global_index <= ? ORDER BY global_index")) {
                query.setFetchSize(1000);
                query.setLong(1, head);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        checker.accept(new InvariantChecker.Event(
                                rows.getLong(1),
                                rows.getString(2),
                                rows.getLong(3),
                                rows.getString(4),
                                rows.getString(5)));
                    }
                }
            }
            db.commit();
            db.setAutoCommit(true);
            List<InvariantChecker.Rule> rules = new ArrayList<>(checker.finish());
            rules.addAll(readModels(db, target, checker));
            if (target.gatewayUrl() == null || target.gatewayUrl().isBlank()) {
                out.println("  (no TALLY_GATEWAY_URL: the gateway's ledger is not compared)");
            } else {
                rules.add(checker.reconcile(ledger(target)));
            }
            out.printf(
                    "tally check: %d events up to global index %d%s; %d orders, %d items, %d payments%n",
                    checker.events(),
                    checker.lastGlobalIndex(),
                    scope < 0 ? "" : " (aggregates started after global index " + scope + ")",
                    checker.orders().size(),
                    checker.items().size(),
                    checker.payments().size());
            boolean held = true;
            for (InvariantChecker.Rule rule : rules) {
                out.printf("  %-68s %s%n", rule.name(), rule.broken() == 0 ? "ok" : "BROKEN " + rule.broken() + "x");
                for (String example : rule.examples()) {
                    out.println("      " + example);
                }
                held &= rule.broken() == 0;
            }
            out.println(held ? "ALL INVARIANTS HOLD" : "INVARIANTS BROKEN");
            return held;
        }
    }

    /** Every money movement the gateway made ({@code GET /v1/ledger}, Stripe-like, as the simulator serves it). */
    static List<InvariantChecker.Movement> ledger(Target target) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(target.gatewayUrl().replaceAll("/$", "") + "/v1/ledger"))
                                .header("Authorization", "Bearer " + target.gatewayKey())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the gateway's ledger answered " + response.statusCode() + ": " + response.body());
        }
        List<InvariantChecker.Movement> movements = new ArrayList<>();
        for (JsonNode movement : JSON.readTree(response.body()).get("movements")) {
            JsonNode refund = movement.get("refundId");
            JsonNode payment = movement.get("paymentId");
            movements.add(new InvariantChecker.Movement(
                    movement.get("type").asString(),
                    payment == null || payment.isNull() ? null : payment.asString(),
                    refund == null || refund.isNull() ? null : refund.asString(),
                    movement.get("amount").asLong()));
        }
        return movements;
    }

    /** Waits until no event arrived for {@code quiet} and every projection reached the head. */
    private static long awaitQuiet(Connection db, Target target, Duration quiet, Duration patience, PrintStream out)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long head = head(db);
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = head(db);
            if (now != head) {
                head = now;
                quietSince = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - quietSince >= quiet.toNanos() && slowestProjection(db, target) >= head) {
                return head;
            }
        }
        out.println("  (the log did not settle or the projections did not catch up within " + patience
                + "; checking what is there)");
        return head;
    }

    private static long head(Connection db) throws SQLException {
        try (ResultSet row = db.createStatement()
                .executeQuery("SELECT coalesce(max(global_index), -1) FROM tally_events.domain_event_entry")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long slowestProjection(Connection db, Target target) throws SQLException {
        long slowest = Long.MAX_VALUE;
        try (ResultSet rows = db.createStatement()
                .executeQuery("SELECT token FROM " + target.querySchema()
                        + ".token_entry WHERE processor_name NOT LIKE '%-rebuild'")) {
            while (rows.next()) {
                slowest = Math.min(slowest, TokenPosition.of(rows.getBytes(1)));
            }
        }
        return slowest == Long.MAX_VALUE ? -1 : slowest;
    }

    private static List<InvariantChecker.Rule> readModels(Connection db, Target target, InvariantChecker checker)
            throws Exception {
        String schema = target.querySchema();
        InvariantChecker.Rule orders = new InvariantChecker.Rule("read model order_view equals the log");
        Set<String> seen = new HashSet<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery("SELECT order_id, status, version, total FROM " + schema + ".order_view")) {
            while (rows.next()) {
                String id = rows.getString(1);
                seen.add(id);
                if (!checker.judges(id)) {
                    continue;
                }
                InvariantChecker.Order order = checker.orders().get(id);
                if (order == null
                        || !order.status.equals(rows.getString(2))
                        || order.version != rows.getLong(3)
                        || order.total != rows.getLong(4)) {
                    orders.breaks(id + ": row " + rows.getString(2) + " v" + rows.getLong(3) + " total "
                            + rows.getLong(4) + ", log " + describe(order));
                }
            }
        }
        missing(orders, checker.orders().keySet(), seen);

        InvariantChecker.Rule items = new InvariantChecker.Rule("read model inventory_item equals the log");
        seen.clear();
        try (ResultSet rows = db.createStatement()
                .executeQuery("SELECT sku, on_hand, reserved, version FROM " + schema + ".inventory_item")) {
            while (rows.next()) {
                String sku = rows.getString(1);
                seen.add(sku);
                if (!checker.judges(sku)) {
                    continue;
                }
                InvariantChecker.Item item = checker.items().get(sku);
                if (item == null
                        || item.onHand != rows.getLong(2)
                        || item.reserved != rows.getLong(3)
                        || item.version != rows.getLong(4)) {
                    items.breaks(sku + ": row " + rows.getLong(2) + "/" + rows.getLong(3) + " v" + rows.getLong(4)
                            + ", log "
                            + (item == null ? "none" : item.onHand + "/" + item.reserved + " v" + item.version));
                }
            }
        }
        missing(items, checker.items().keySet(), seen);

        InvariantChecker.Rule payments = new InvariantChecker.Rule("read model payment_view equals the log");
        seen.clear();
        try (ResultSet rows = db.createStatement()
                .executeQuery(
                        "SELECT payment_id, status, captured, refunded, version FROM " + schema + ".payment_view")) {
            while (rows.next()) {
                String id = rows.getString(1);
                seen.add(id);
                if (!checker.judges(id)) {
                    continue;
                }
                InvariantChecker.Payment payment = checker.payments().get(id);
                if (payment == null
                        || !Objects.equals(payment.status, rows.getString(2))
                        || payment.captured != rows.getLong(3)
                        || payment.refunded != rows.getLong(4)
                        || payment.version != rows.getLong(5)) {
                    payments.breaks(id + ": row " + rows.getString(2) + " " + rows.getLong(3) + "/" + rows.getLong(4)
                            + " v" + rows.getLong(5) + ", log "
                            + (payment == null
                                    ? "none"
                                    : payment.status + " " + payment.captured + "/" + payment.refunded + " v"
                                            + payment.version));
                }
            }
        }
        missing(payments, checker.payments().keySet(), seen);

        InvariantChecker.Rule index = new InvariantChecker.Rule("search index orders equals the log");
        seen.clear();
        searchDocuments(target, (id, doc) -> {
            InvariantChecker.Order order = checker.orders().get(id);
            if (order == null) {
                return;
            }
            seen.add(id);
            if (!order.status.equals(doc.path("status").asString(""))
                    || order.version != doc.path("orderVersion").asLong(-1)) {
                index.breaks(id + ": document " + doc.path("status").asString("") + " v" + doc.path("orderVersion")
                        + ", log " + describe(order));
            }
        });
        missing(index, checker.orders().keySet(), seen);
        return List.of(orders, items, payments, index);
    }

    private static void missing(InvariantChecker.Rule rule, Set<String> expected, Set<String> seen) {
        for (String id : expected) {
            if (!seen.contains(id)) {
                rule.breaks(id + " is missing");
            }
        }
    }

    private static String describe(InvariantChecker.Order order) {
        return order == null ? "none" : order.status + " v" + order.version + " total " + order.total;
    }

    private interface DocumentSink {
        void accept(String id, JsonNode source);
    }

    /** Every document of the orders index, a thousand at a time in order of id. */
    private static void searchDocuments(Target target, DocumentSink sink) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String index = target.elasticsearchUrl() + "/" + target.indexPrefix() + "orders";
        http.send(
                HttpRequest.newBuilder(URI.create(index + "/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String after = null;
        while (true) {
            String body = "{\"size\":1000,\"sort\":[{\"orderId\":\"asc\"}],\"_source\":[\"status\",\"orderVersion\"]"
                    + (after == null ? "" : ",\"search_after\":[" + JSON.writeValueAsString(after) + "]") + "}";
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(index + "/_search"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "searching " + index + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode hits = JSON.readTree(response.body()).get("hits").get("hits");
            if (hits.isEmpty()) {
                return;
            }
            for (JsonNode hit : hits) {
                sink.accept(hit.get("_id").asString(), hit.get("_source"));
                after = hit.get("sort").get(0).asString();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

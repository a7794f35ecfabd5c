package io.tally.bench;

import io.tally.dev.DatabaseRoles;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Tally over its HTTP API: commands with an Idempotency-Key, the order followed with {@code minVersion}. */
record TallyOrderFlow(String command, String query, String app, String ops, String dbUrl, String dbUser,
                      String dbPassword) implements OrderFlow {

    @Override
    public String name() {
        return "Tally";
    }

    @Override
    public List<String> processes() {
        return List.of("PostgreSQL", "command-side", "query-side", "Elasticsearch");
    }

    @Override
    public List<String> roles() {
        return List.of(DatabaseRoles.COMMAND, DatabaseRoles.QUERY);
    }

    @Override
    public void register(String sku, int index) throws Exception {
        OrderFlow.expect(OrderFlow.send("POST", command + "/api/inventory", app, "{\"sku\":\"" + sku
                + "\",\"name\":\"Cost item " + index + "\",\"unitPrice\":{\"amount\":" + (500 + index * 10)
                + ",\"currency\":\"EUR\"},\"taxRateBasisPoints\":1900}"), 201, "registering " + sku);
        OrderFlow.expect(OrderFlow.send("POST", command + "/api/inventory/" + sku + "/receipts", app,
                "{\"quantity\":1000000}"), 200, "receiving " + sku);
    }

    @Override
    public void orderThroughShipped(String sku) throws Exception {
        String orderId = OrderFlow.expect(OrderFlow.send("POST", command + "/api/orders", app, """
                {"customerId":"cus_cost","customerName":"Cost Counter","customerEmail":"cost@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku)),
                201, "placing an order").get("orderId").asString();
        follow(orderId, "CONFIRMED");
        OrderFlow.expect(OrderFlow.send("POST", command + "/api/orders/" + orderId + "/ship", app,
                "{\"carrier\":\"DHL\",\"trackingNumber\":\"COST-1\"}"), 200, "shipping " + orderId);
        follow(orderId, "SHIPPED");
    }

    /** As a client follows its order: each read asks for the version after the one last seen. */
    private void follow(String orderId, String status) throws Exception {
        long version = -1;
        for (int reads = 0; reads < 200; reads++) {
            HttpResponse<String> read = OrderFlow.send("GET", query + "/api/orders/" + orderId + "?minVersion="
                    + (version + 1), app, null);
            if (read.statusCode() == 200) {
                JsonNode order = OrderFlow.JSON.readTree(read.body());
                if (status.equals(order.get("status").asString())) {
                    return;
                }
                if (order.get("status").asString().equals("REJECTED")) {
                    throw new IllegalStateException(orderId + " was rejected");
                }
                version = order.get("version").asLong();
            }
        }
        throw new IllegalStateException(orderId + " did not reach " + status);
    }

    @Override
    public void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long lastHead = -1;
        while (System.nanoTime() < deadline) {
            long head = head();
            boolean caughtUp = true;
            for (JsonNode projection : OrderFlow.JSON.readTree(
                    OrderFlow.send("GET", query + "/api/admin/projections", ops, null).body())) {
                caughtUp &= projection.get("lag").asLong() == 0;
            }
            if (caughtUp && head == lastHead) {
                return;
            }
            lastHead = head;
            Thread.sleep(2000);
        }
        throw new IllegalStateException("Tally did not become quiet within 120 s");
    }

    @Override
    public long head() throws SQLException {
        return OrderFlow.head(dbUrl, dbUser, dbPassword, "tally_events.domain_event_entry");
    }
}

package io.tally.bench;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The plain-Axon peer ({@code io.tally.bench.peer}) over its HTTP API: no tokens, no idempotency
 * keys, and (it has no {@code minVersion}) the order read again every 25 ms until it shows (as often as Tally's own minVersion wait looks).
 */
record PeerOrderFlow(String base, String dbUrl, String dbUser, String dbPassword) implements OrderFlow {

    static final String ROLE = "tally_peer";

    @Override
    public String name() {
        return "plain Axon";
    }

    @Override
    public List<String> processes() {
        return List.of("PostgreSQL", "peer");
    }

    @Override
    public List<String> roles() {
        return List.of(ROLE);
    }

    @Override
    public void register(String sku, int index) throws Exception {
        OrderFlow.expect(OrderFlow.send("POST", base + "/api/inventory", null, "{\"sku\":\"" + sku
                + "\",\"name\":\"Cost item " + index + "\",\"unitPrice\":{\"amount\":" + (500 + index * 10)
                + ",\"currency\":\"EUR\"},\"taxRateBasisPoints\":1900}"), 201, "registering " + sku + " on the peer");
        OrderFlow.expect(OrderFlow.send("POST", base + "/api/inventory/" + sku + "/receipts", null,
                "{\"quantity\":1000000}"), 200, "receiving " + sku + " on the peer");
    }

    @Override
    public void orderThroughShipped(String sku) throws Exception {
        String orderId = OrderFlow.expect(OrderFlow.send("POST", base + "/api/orders", null, """
                {"customerId":"cus_cost","customerName":"Cost Counter","customerEmail":"cost@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku)),
                201, "placing an order on the peer").get("orderId").asString();
        follow(orderId, "CONFIRMED");
        OrderFlow.expect(OrderFlow.send("POST", base + "/api/orders/" + orderId + "/ship", null,
                "{\"carrier\":\"DHL\",\"trackingNumber\":\"COST-1\"}"), 200, "shipping " + orderId + " on the peer");
        follow(orderId, "SHIPPED");
    }

    private void follow(String orderId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> read = OrderFlow.send("GET", base + "/api/orders/" + orderId, null, null);
            if (read.statusCode() == 200) {
                JsonNode order = OrderFlow.JSON.readTree(read.body());
                if (status.equals(order.get("status").asString())) {
                    return;
                }
                if (order.get("status").asString().equals("REJECTED")) {
                    throw new IllegalStateException(orderId + " was rejected by the peer");
                }
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException(orderId + " did not reach " + status + " on the peer");
    }

    @Override
    public void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long lastHead = -1;
        while (System.nanoTime() < deadline) {
            long head = head();
            if (head == lastHead) {
                return;
            }
            lastHead = head;
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the peer did not become quiet within 120 s");
    }

    @Override
    public long head() throws SQLException {
        return OrderFlow.head(dbUrl, dbUser, dbPassword, ROLE + ".domainevententry");
    }
}

package io.tally.bench;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

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
    public String commandBase() {
        return base;
    }

    @Override
    public String appToken() {
        return null;
    }

    @Override
    public void follow(String orderId, String status, long minVersion) throws Exception {
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
    public long head() throws SQLException {
        return OrderFlow.head(dbUrl, dbUser, dbPassword, ROLE + ".domainevententry");
    }
}

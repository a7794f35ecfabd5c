package io.tally.bench;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Tally over its HTTP API: commands with an Idempotency-Key, the order followed with {@code minVersion}. */
record TallyOrderFlow(
        String command, String query, String app, String ops, String dbUrl, String dbUser, String dbPassword)
        implements OrderFlow {

    @Override
    public String name() {
        return "Tally";
    }

    @Override
    public List<String> processes() {
        return List.of("PostgreSQL", "command-side", "query-side", "Elasticsearch");
    }

    @Override
    public String commandBase() {
        return command;
    }

    @Override
    public String appToken() {
        return app;
    }

    /**
     * As a client follows its order: the first read asks for the version its command's answer
     * named, each next one for the version after the one last seen.
     */
    @Override
    public void follow(String orderId, String status, long minVersion) throws Exception {
        long version = Math.max(minVersion, 0) - 1;
        for (int reads = 0; reads < 200; reads++) {
            HttpResponse<String> read =
                    OrderFlow.send("GET", query + "/api/orders/" + orderId + "?minVersion=" + (version + 1), app, null);
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

    /** Every projection at the head. */
    @Override
    public boolean caughtUp() throws Exception {
        boolean caughtUp = true;
        for (JsonNode projection :
                OrderFlow.JSON.readTree(OrderFlow.send("GET", query + "/api/admin/projections", ops, null)
                        .body())) {
            caughtUp &= projection.get("lag").asLong() == 0;
        }
        return caughtUp;
    }

    @Override
    public long head() throws SQLException {
        return OrderFlow.head(dbUrl, dbUser, dbPassword, "tally_events.domain_event_entry");
    }
}

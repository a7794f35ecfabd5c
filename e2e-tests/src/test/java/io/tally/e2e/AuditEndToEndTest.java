package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Command-side seals the log on its schedule with its private key; query-side verifies chains, seals and signatures. */
class AuditEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void theRunningSystemSealsItsLogAndTheWholeLogVerifies() throws Exception {
        String sku = "SEAL-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 500, 0, 10);
        HttpResponse<String> stream = system.query("/api/audit/streams/inventory/" + sku, "AUDITOR");
        long lastIndex = RunningSystem.JSON
                .readTree(stream.body())
                .get(1)
                .get("globalIndex")
                .asLong();
        await().alias("the item's events are sealed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> sealedUpTo() >= lastIndex);
        HttpResponse<String> verify = system.query("/api/audit/verify", "AUDITOR");
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        JsonNode result = RunningSystem.JSON.readTree(verify.body());
        assertThat(result.get("verified").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("sealsChecked").asLong()).isPositive();
    }

    /** The highest global index the seals cover, read from the store. */
    private static long sealedUpTo() throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                java.sql.ResultSet row = db.createStatement()
                        .executeQuery("SELECT coalesce(max(to_global_index), -1) FROM tally_events.seal")) {
            row.next();
            return row.getLong(1);
        }
    }
}

package io.tally.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> verify = system.query("/api/audit/verify", "AUDITOR");
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            result = RunningSystem.JSON.readTree(verify.body());
            long covered = result.get("sealsChecked").asLong();
            HttpResponse<String> stream = system.query("/api/audit/streams/inventory/" + sku, "AUDITOR");
            long lastIndex = RunningSystem.JSON.readTree(stream.body()).get(1).get("globalIndex").asLong();
            if (covered > 0 && sealedUpTo() >= lastIndex) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(result.get("verified").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("sealsChecked").asLong()).isPositive();
    }

    /** The highest global index the seals cover, read from the store. */
    private static long sealedUpTo() throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(system.stores.jdbcUrl(),
                system.stores.user(), system.stores.password());
             java.sql.ResultSet row = db.createStatement().executeQuery(
                     "SELECT coalesce(max(to_global_index), -1) FROM tally_events.seal")) {
            row.next();
            return row.getLong(1);
        }
    }
}

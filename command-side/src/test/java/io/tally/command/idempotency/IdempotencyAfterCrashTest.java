package io.tally.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.command.web.CommandSideHttpTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance that dies after its command was applied but before it stored the answer leaves an
 * unfinished claim behind. The retry that takes that claim over must not apply the command again:
 * found by the crash test, where an order was placed twice after a SIGKILL.
 */
class IdempotencyAfterCrashTest extends CommandSideHttpTest {

    @Test
    void aRetryAfterTheAnswerWasLostIsNotAppliedTwice() throws Exception {
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        long events = eventsStoredFor(sku);
        // what a SIGKILL between the commit of the events and the stored answer leaves behind
        assertThat(jdbc.sql("UPDATE tally_command.idempotency_key SET completed_at = NULL, status = NULL, body = NULL,"
                                + " created_at = now() - interval '2 minutes' WHERE key = :key")
                        .param("key", key)
                        .update())
                .isEqualTo(1);

        HttpResponse<String> retry =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "Idempotency-Key", key);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains("\"code\":\"already-applied\"", "\"aggregateId\":\"" + sku + "\"");
        assertThat(eventsStoredFor(sku)).as("no second receipt").isEqualTo(events);
        HttpResponse<String> again =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "Idempotency-Key", key);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        String fresh = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO tally_command.idempotency_key (principal, key, fingerprint, created_at)"
                        + " SELECT principal, :fresh, fingerprint, now() - interval '2 minutes' FROM tally_command.idempotency_key"
                        + " WHERE key = :key")
                .param("fresh", fresh)
                .param("key", key)
                .update();
        HttpResponse<String> neverApplied =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "Idempotency-Key", fresh);
        assertThat(neverApplied.statusCode())
                .as("an abandoned claim that was never applied runs")
                .isEqualTo(200);
        assertThat(eventsStoredFor(sku)).isEqualTo(events + 1);
    }

    @Test
    void aKeyOlderThanTheRetentionIsForgottenAndAppliesItsNewRequest() throws Exception {
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);
        String key = UUID.randomUUID().toString();
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "Idempotency-Key", key)
                        .statusCode())
                .isEqualTo(200);
        long events = eventsStoredFor(sku);
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":6}", "Idempotency-Key", key)
                        .statusCode())
                .as("reused within the retention")
                .isEqualTo(422);

        jdbc.sql("UPDATE tally_command.idempotency_key SET created_at = now() - make_interval(hours => :hours)"
                        + " WHERE key = :key")
                .param("hours", IdempotencyStore.RETENTION_HOURS + 1)
                .param("key", key)
                .update();
        HttpResponse<String> later =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":6}", "Idempotency-Key", key);

        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(later.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(eventsStoredFor(sku)).isEqualTo(events + 1);
    }
}

package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.axon.audit.EventHashes;
import io.tally.axon.audit.EventMac;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;

/**
 * Events stored in revision 1 of {@code PaymentDeclinedEvent} (before it had a revision: one
 * {@code reason} field) written straight into the event store, hashed as Tally hashes on append,
 * then used by everything that reads them: the projection, the aggregate deciding a command, the
 * audit API's state and its hash verification.
 */
class RevisionOneEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void revisionOneDeclinesAreReadEverywhereAndStillVerify() throws Exception {
        String declined = "pay-r1-" + UUID.randomUUID().toString().substring(0, 8);
        String timedOut = "pay-r1-" + UUID.randomUUID().toString().substring(0, 8);
        storeRevisionOne(declined, "card_declined");
        storeRevisionOne(timedOut, "gateway-timeout");

        for (String paymentId : new String[] {declined, timedOut}) {
            HttpResponse<String> read = system.query("/api/payments/" + paymentId + "?minVersion=0", "APP");
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode payment = RunningSystem.JSON.readTree(read.body());
            assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
            boolean timeout = paymentId.equals(timedOut);
            assertThat(payment.get("timedOut").asBoolean()).as(read.body()).isEqualTo(timeout);
            assertThat(payment.get("declineCode").isNull()).as(read.body()).isEqualTo(timeout);
            if (!timeout) {
                assertThat(payment.get("declineCode").asString()).isEqualTo("card_declined");
            }

            HttpResponse<String> refund = system.command(
                    "POST",
                    "/api/payments/" + paymentId + "/refunds",
                    "{\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"reason\":\"goodwill\"}");
            assertThat(refund.statusCode()).as(refund.body()).isEqualTo(422);
            assertThat(refund.body()).contains("payment-not-captured", "declined");

            HttpResponse<String> state = system.query("/api/audit/streams/payment/" + paymentId + "/state", "AUDITOR");
            assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
            JsonNode rebuilt = RunningSystem.JSON.readTree(state.body()).get("state");
            assertThat(rebuilt.get("status").asString()).isEqualTo("DECLINED");
            assertThat(rebuilt.get("authorized").get("amount").asLong()).isEqualTo(1234);

            HttpResponse<String> stream = system.query("/api/audit/streams/payment/" + paymentId, "AUDITOR");
            JsonNode stored = RunningSystem.JSON.readTree(stream.body()).get(0);
            assertThat(stored.get("revision").isNull()).isTrue();
            assertThat(stored.get("payload").has("reason"))
                    .as("the audit API shows the event as stored")
                    .isTrue();

            HttpResponse<String> verify =
                    system.query("/api/audit/verify?aggregateType=payment&aggregateId=" + paymentId, "AUDITOR");
            assertThat(verify.statusCode()).isEqualTo(200);
            assertThat(RunningSystem.JSON
                            .readTree(verify.body())
                            .get("verified")
                            .asBoolean())
                    .isTrue();
        }
    }

    /**
     * Appends a revision-1 decline (no revision) as the service appends: the v2 hash and the MAC by
     * the run's event key, so the shared store's sealer seals it like any other event.
     */
    private static void storeRevisionOne(String paymentId, String reason) throws Exception {
        String payload = "{\"paymentId\":\"" + paymentId + "\",\"orderId\":\"ord-" + paymentId
                + "\",\"amount\":{\"amount\":1234,\"currency\":\"EUR\"},\"reason\":\"" + reason + "\"}";
        String metadata = "{\"principal\":\"e2e-app\",\"correlationId\":\"" + UUID.randomUUID() + "\"}";
        String eventId = UUID.randomUUID().toString();
        String timestamp = Instant.now().toString();
        String type = "io.tally.api.payment.PaymentDeclinedEvent";
        String hash =
                EventHashes.hashV2(eventId, "Payment", paymentId, 0, type, null, timestamp, payload, metadata, null);
        String mac = EventMac.from(new FileSystemResource(system.stores.tokens().eventMacKeyFile()))
                .mac(hash);
        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                PreparedStatement insert = db.prepareStatement("""
                     INSERT INTO tally_events.domain_event_entry (aggregate_identifier, sequence_number, type,
                            event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp, hash, mac)
                     VALUES (?, 0, 'Payment', ?, ?, ?, NULL, ?, ?, ?, ?)""")) {
            insert.setString(1, paymentId);
            insert.setString(2, eventId);
            insert.setString(3, metadata);
            insert.setString(4, payload);
            insert.setString(5, type);
            insert.setString(6, timestamp);
            insert.setString(7, hash);
            insert.setString(8, mac);
            insert.executeUpdate();
        }
    }
}

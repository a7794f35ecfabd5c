package io.tally.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

            HttpResponse<String> refund = system.command("POST", "/api/payments/" + paymentId + "/refunds",
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
            assertThat(stored.get("payload").has("reason")).as("the audit API shows the event as stored").isTrue();

            HttpResponse<String> verify = system.query("/api/audit/verify?aggregateType=payment&aggregateId="
                    + paymentId, "AUDITOR");
            assertThat(verify.statusCode()).isEqualTo(200);
            assertThat(RunningSystem.JSON.readTree(verify.body()).get("verified").asBoolean()).isTrue();
        }
    }

    /** Appends a revision-1 decline the way Tally appended it then: no revision, hash over the canonical form. */
    private static void storeRevisionOne(String paymentId, String reason) throws Exception {
        String payload = "{\"paymentId\":\"" + paymentId + "\",\"orderId\":\"ord-" + paymentId
                + "\",\"amount\":{\"amount\":1234,\"currency\":\"EUR\"},\"reason\":\"" + reason + "\"}";
        String metadata = "{\"principal\":\"e2e-app\",\"correlationId\":\"" + UUID.randomUUID() + "\"}";
        try (Connection db = DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(),
                system.stores.password());
             PreparedStatement insert = db.prepareStatement("""
                     INSERT INTO tally_events.domain_event_entry (aggregate_identifier, sequence_number, type,
                            event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp, hash)
                     VALUES (?, 0, 'Payment', ?, ?, ?, NULL, 'io.tally.api.payment.PaymentDeclinedEvent', ?,
                             encode(sha256(convert_to('tally-event-v1' || E'\\n' || 'Payment' || E'\\n' || ? || E'\\n'
                                 || '0' || E'\\n' || 'io.tally.api.payment.PaymentDeclinedEvent' || E'\\n' || E'\\n'
                                 || ? || E'\\n' || ? || E'\\n' || ? || E'\\n' || E'\\n', 'UTF8')), 'hex'))""")) {
            String timestamp = Instant.now().toString();
            insert.setString(1, paymentId);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, metadata);
            insert.setString(4, payload);
            insert.setString(5, timestamp);
            insert.setString(6, paymentId);
            insert.setString(7, timestamp);
            insert.setString(8, payload);
            insert.setString(9, metadata);
            insert.executeUpdate();
        }
    }
}

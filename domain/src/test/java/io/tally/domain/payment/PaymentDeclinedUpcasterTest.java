package io.tally.domain.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.payment.PaymentDeclinedEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** Revision-1 payloads, as stored before revision 2, read as revision-2 events. */
class PaymentDeclinedUpcasterTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aDeclineCodeStaysADeclineCode() {
        PaymentDeclinedEvent event = read(
                null,
                "{\"paymentId\":\"pay-1\",\"orderId\":\"ord-1\","
                        + "\"amount\":{\"amount\":1234,\"currency\":\"EUR\"},\"reason\":\"card_declined\"}");
        assertThat(event.declineCode()).isEqualTo("card_declined");
        assertThat(event.timedOut()).isFalse();
        assertThat(event.amount().amount()).isEqualTo(1234);
    }

    @Test
    void theMagicTimeoutReasonBecomesTimedOut() {
        PaymentDeclinedEvent event = read(
                "1",
                "{\"paymentId\":\"pay-1\",\"orderId\":\"ord-1\","
                        + "\"amount\":{\"amount\":1234,\"currency\":\"EUR\"},\"reason\":\"gateway-timeout\"}");
        assertThat(event.declineCode()).isNull();
        assertThat(event.timedOut()).isTrue();
    }

    @Test
    void revisionTwoIsLeftAlone() {
        String payload =
                "{\"paymentId\":\"pay-1\",\"orderId\":\"ord-1\",\"amount\":{\"amount\":1,\"currency\":\"EUR\"},"
                        + "\"declineCode\":\"gateway-timeout\",\"timedOut\":false}";
        PaymentDeclinedEvent event = read("2", payload);
        assertThat(event.declineCode()).isEqualTo("gateway-timeout");
        assertThat(event.timedOut()).isFalse();
    }

    private PaymentDeclinedEvent read(String revision, String payload) {
        GenericDomainEventEntry<String> stored = new GenericDomainEventEntry<>(
                "Payment",
                "pay-1",
                0,
                "event-1",
                Instant.parse("2026-01-01T00:00:00Z"),
                PaymentDeclinedUpcaster.TYPE,
                revision,
                payload,
                "{}");
        List<IntermediateEventRepresentation> read = new PaymentDeclinedUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer)))
                .toList();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(read.get(0).getData());
    }
}

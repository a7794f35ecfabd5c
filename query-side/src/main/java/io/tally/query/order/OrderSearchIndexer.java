package io.tally.query.order;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.api.customer.CustomerPersonalDataErasedEvent;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStatus;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.axon.privacy.PersonalData;
import io.tally.axon.segments.SegmentClaims;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.search.EventIds;
import io.tally.query.search.IndexNames;
import io.tally.query.search.SearchIndex;
import io.tally.query.search.SearchWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code orders} Elasticsearch index that search and analytics read: one document per
 * order with its payment's status and refunds. The processor sequences events by order id
 * ({@link OrderSequencingPolicy}), so an order's and its payment's events reach the same segment.
 */
@Component
@ProcessingGroup(ProjectionNames.ORDERS_ES)
class OrderSearchIndexer {

    private final SearchWriter<OrderDocument> writer;
    private final PersonalData personalData;
    private final PersonalDataScrubber scrubber;

    OrderSearchIndexer(
            ElasticsearchClient client, IndexNames indices, PersonalData personalData, SegmentClaims claims) {
        this.writer = new SearchWriter<>(
                client,
                new SearchIndex(client, indices.alias(OrderIndex.ALIAS), OrderIndex::mapping),
                OrderDocument.class,
                EventIds.component("orderId", "io.tally.api.order", "io.tally.api.payment"),
                claims);
        this.personalData = personalData;
        this.scrubber = new PersonalDataScrubber(client, indices.alias(OrderIndex.ALIAS));
    }

    /** Full-text search needs the customer's name and email in plain text: opened here, erased below. */
    @EventHandler
    void on(OrderPlacedEvent event, @Timestamp Instant at) {
        Map<String, String> opened = personalData.openAll(List.of(
                new PersonalData.Sealed(event.customerId(), event.customerName()),
                new PersonalData.Sealed(event.customerId(), event.customerEmail())));
        writer.change(event.orderId(), doc -> {
            OrderDocument current = doc == null ? OrderDocument.empty(event.orderId()) : doc;
            return current.placed()
                    ? current
                    : current.placed(
                            event, opened.get(event.customerName()), opened.get(event.customerEmail()), at.toString());
        });
    }

    /** The customer's keys are gone: their name and email leave every document of theirs now. */
    @EventHandler
    void on(CustomerPersonalDataErasedEvent event) throws java.io.IOException {
        scrubber.scrub(event.customerId());
        writer.forgetAll();
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CONFIRMED, null, sequence, at);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.REJECTED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CANCELLED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(OrderShippedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.SHIPPED, null, sequence, at);
    }

    @EventHandler
    void on(PaymentAuthorizationPendingEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        payment(event.orderId(), event.paymentId(), PaymentStatus.PENDING, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentAuthorizedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        payment(event.orderId(), event.paymentId(), PaymentStatus.AUTHORIZED, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        payment(event.orderId(), event.paymentId(), PaymentStatus.DECLINED, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentVoidedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        payment(event.orderId(), event.paymentId(), PaymentStatus.VOIDED, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentCapturedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        payment(event.orderId(), event.paymentId(), PaymentStatus.CAPTURED, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentRefundedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        PaymentStatus status = PaymentStatus.afterRefunds(event.refundedTotal(), event.captured());
        payment(
                event.orderId(),
                event.paymentId(),
                status,
                event.refundedTotal().amount(),
                new OrderDocument.Refund(
                        event.refundId(), at.toString(), event.amount().amount()),
                sequence,
                at);
    }

    private void status(String orderId, OrderStatus status, String reason, long sequence, Instant at) {
        writer.change(orderId, doc -> {
            OrderDocument current = doc == null ? OrderDocument.empty(orderId) : doc;
            return sequence > current.orderVersion()
                    ? current.withStatus(status.name(), reason, sequence, at.toString())
                    : current;
        });
    }

    private void payment(
            String orderId,
            String paymentId,
            PaymentStatus status,
            Long refunded,
            OrderDocument.Refund refund,
            long sequence,
            Instant at) {
        writer.change(orderId, doc -> {
            OrderDocument current = doc == null ? OrderDocument.empty(orderId) : doc;
            return sequence > current.paymentVersion()
                    ? current.withPayment(
                            paymentId,
                            status.name(),
                            refunded == null ? current.refunded() : refunded,
                            refund,
                            sequence,
                            at.toString())
                    : current;
        });
    }
}

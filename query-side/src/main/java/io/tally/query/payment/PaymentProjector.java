package io.tally.query.payment;

import io.tally.api.common.Money;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCaptureFailedEvent;
import io.tally.api.payment.PaymentCaptureRequestedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundFailedEvent;
import io.tally.api.payment.PaymentRefundRequestedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentVoidRequestedEvent;
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.query.order.OrderUpdates;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.projection.ProjectionWrites;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.IntConsumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/** Keeps {@code payment_view}, version-guarded like every projector. */
@Component
@ProcessingGroup(ProjectionNames.PAYMENTS_PG)
class PaymentProjector {

    private final ProjectionWrites writes;
    private final OrderUpdates orderUpdates;

    PaymentProjector(ProjectionWrites writes, OrderUpdates orderUpdates) {
        this.writes = writes;
        this.orderUpdates = orderUpdates;
    }

    @EventHandler
    void on(PaymentAuthorizedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // after PENDING, the gateway's approval
        answered(
                event.paymentId(),
                event.orderId(),
                event.amount(),
                PaymentStatus.AUTHORIZED,
                null,
                false,
                sequence,
                at);
    }

    /** Decided or refused movements move no money; the payment's version (its ETag) moves on. */
    @EventHandler
    void on(PaymentCaptureRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        touched(event.paymentId(), event.orderId(), sequence, at);
    }

    @EventHandler
    void on(PaymentCaptureFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        touched(event.paymentId(), event.orderId(), sequence, at);
    }

    @EventHandler
    void on(PaymentVoidRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        touched(event.paymentId(), event.orderId(), sequence, at);
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        touched(event.paymentId(), event.orderId(), sequence, at);
    }

    @EventHandler
    void on(PaymentRefundFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        touched(event.paymentId(), event.orderId(), sequence, at);
    }

    private void touched(String paymentId, String orderId, long sequence, Instant at) {
        writes.write(
                paymentId,
                "UPDATE payment_view SET updated_at = :at, version = :version"
                        + " WHERE payment_id = :paymentId AND version < :version",
                new MapSqlParameterSource()
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("version", sequence)
                        .addValue("paymentId", paymentId),
                orderChangedIfWritten(orderId));
    }

    @EventHandler
    void on(PaymentAuthorizationPendingEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        started(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.PENDING, sequence, at);
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        answered(
                event.paymentId(),
                event.orderId(),
                event.amount(),
                PaymentStatus.DECLINED,
                event.declineCode(),
                event.timedOut(),
                sequence,
                at);
    }

    @EventHandler
    void on(PaymentVoidedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.paymentId(), event.orderId(), PaymentStatus.VOIDED, null, null, sequence, at);
    }

    @EventHandler
    void on(PaymentCapturedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(
                event.paymentId(),
                event.orderId(),
                PaymentStatus.CAPTURED,
                event.amount().amount(),
                null,
                sequence,
                at);
    }

    @EventHandler
    void on(PaymentRefundedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        PaymentStatus status = PaymentStatus.afterRefunds(event.refundedTotal(), event.captured());
        update(
                event.paymentId(),
                event.orderId(),
                status,
                null,
                event.refundedTotal().amount(),
                sequence,
                at);
    }

    /**
     * The gateway's answer to the authorisation, in one statement: the row as the answer leaves it
     * when there is none yet (its PENDING event not handled, or handled elsewhere), else moved on to
     * it unless already at this version or later.
     */
    private void answered(
            String paymentId,
            String orderId,
            Money amount,
            PaymentStatus status,
            String declineCode,
            boolean timedOut,
            long sequence,
            Instant at) {
        writes.write(
                paymentId,
                """
                        INSERT INTO payment_view AS p (payment_id, order_id, status, currency, authorized, captured,
                                                       refunded, updated_at, version, decline_code, timed_out)
                        VALUES (:paymentId, :orderId, :status, :currency, :amount, 0, 0, :at, :version, :code, :timedOut)
                        ON CONFLICT (payment_id) DO UPDATE
                           SET status = excluded.status, updated_at = excluded.updated_at, version = excluded.version,
                               decline_code = excluded.decline_code, timed_out = excluded.timed_out
                         WHERE p.version < excluded.version""",
                new MapSqlParameterSource()
                        .addValue("paymentId", paymentId)
                        .addValue("orderId", orderId)
                        .addValue("status", status.name())
                        .addValue("currency", amount.currency())
                        .addValue("amount", amount.amount())
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("version", sequence)
                        .addValue("code", declineCode, java.sql.Types.VARCHAR)
                        .addValue("timedOut", timedOut),
                orderChangedIfWritten(orderId));
    }

    /** Tells the order's watchers when a write moved the payment's row (the order's answer shows it). */
    private IntConsumer orderChangedIfWritten(String orderId) {
        return rows -> {
            if (rows > 0) {
                orderUpdates.changed(orderId);
            }
        };
    }

    private void started(
            String paymentId, String orderId, Money amount, PaymentStatus status, long sequence, Instant at) {
        writes.write(
                paymentId,
                """
                        INSERT INTO payment_view (payment_id, order_id, status, currency, authorized, captured, refunded,
                                                  updated_at, version)
                        VALUES (:paymentId, :orderId, :status, :currency, :amount, 0, 0, :at, :version)
                        ON CONFLICT (payment_id) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("paymentId", paymentId)
                        .addValue("orderId", orderId)
                        .addValue("status", status.name())
                        .addValue("currency", amount.currency())
                        .addValue("amount", amount.amount())
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("version", sequence),
                orderChangedIfWritten(orderId));
    }

    private void update(
            String paymentId,
            String orderId,
            PaymentStatus status,
            Long captured,
            Long refunded,
            long sequence,
            Instant at) {
        writes.write(
                paymentId,
                """
                        UPDATE payment_view SET status = :status, captured = coalesce(:captured, captured),
                               refunded = coalesce(:refunded, refunded), updated_at = :at, version = :version
                         WHERE payment_id = :paymentId AND version < :version""",
                new MapSqlParameterSource()
                        .addValue("status", status.name())
                        .addValue("captured", captured, java.sql.Types.BIGINT)
                        .addValue("refunded", refunded, java.sql.Types.BIGINT)
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("version", sequence)
                        .addValue("paymentId", paymentId),
                orderChangedIfWritten(orderId));
    }
}

package io.tally.command.payment.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.api.common.Money;
import io.tally.api.payment.RecordPaymentAuthorizationCommand;
import io.tally.api.payment.RecordPaymentCaptureCommand;
import io.tally.api.payment.RecordPaymentRefundCommand;
import io.tally.api.payment.RecordPaymentVoidCommand;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out one operation at the gateway and records its answer on the payment, or keeps it for
 * asking again. The gateway is called here and nowhere else; the answer goes back as a command, in
 * the caller's transaction (the payment processor's, which also moves its token), so a crash
 * between the gateway's answer and the record leaves the event to be handled again, under the same
 * key, and the gateway answers it again without moving money twice.
 */
@Component
class PaymentOperations {

    private static final Logger log = LoggerFactory.getLogger(PaymentOperations.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final PaymentGateway gateway;
    private final PaymentTokenVault vault;
    private final CommandGateway commands;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration firstRetry;
    private final Counter unknown;

    PaymentOperations(
            PaymentGateway gateway,
            PaymentTokenVault vault,
            CommandGateway commands,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            GatewayProperties properties,
            MeterRegistry meters) {
        this.gateway = gateway;
        this.vault = vault;
        this.commands = commands;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.firstRetry = properties.reconcileEvery();
        this.unknown = Counter.builder("tally.payment.gateway.unknown")
                .description("gateway operations left without a definite answer, to be asked again")
                .register(meters);
        meters.gauge("tally.payment.gateway.unresolved", this, PaymentOperations::unresolvedCount);
    }

    /** Sends the operation; records the answer, or keeps the operation for {@link #reconcileDue()}. */
    void carryOut(GatewayOperation operation) {
        PaymentGateway.Answer answer = send(operation);
        if (answer.outcome() == PaymentGateway.Outcome.UNKNOWN) {
            unknown.increment();
            jdbc.sql(
                            "INSERT INTO payment_gateway_unresolved (operation_key, payment_id, operation, refund_id, reference,"
                                    + " amount, currency, next_attempt_at, last_detail) VALUES (:key, :payment, :operation, :refund,"
                                    + " :reference, :amount, :currency, now() + make_interval(secs => :delay), :detail)"
                                    + " ON CONFLICT (operation_key) DO NOTHING")
                    .param("key", operation.key())
                    .param("payment", operation.paymentId())
                    .param("operation", operation.operation())
                    .param("refund", operation.refundId())
                    .param("reference", operation.reference())
                    .param("amount", operation.amount().amount())
                    .param("currency", operation.amount().currency())
                    .param("delay", firstRetry.toMillis() / 1000.0)
                    .param("detail", answer.detail())
                    .update();
            return;
        }
        record(operation, answer);
    }

    /**
     * Asks the gateway again, under the same keys, about every kept operation that is due: each
     * answer is recorded and its row removed; still nothing definite, it is asked again later,
     * backing off to every five minutes. Rows are taken with {@code SKIP LOCKED}, so instances
     * share the work without asking twice at once.
     */
    int reconcileDue() {
        Integer settled = transactions.execute(status -> {
            List<GatewayOperation> due = jdbc.sql(
                            "SELECT * FROM payment_gateway_unresolved WHERE next_attempt_at <= now()"
                                    + " ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED")
                    .query((row, n) -> new GatewayOperation(
                            row.getString("operation"),
                            row.getString("payment_id"),
                            row.getString("refund_id"),
                            row.getString("reference"),
                            Money.of(row.getLong("amount"), row.getString("currency"))))
                    .list();
            int done = 0;
            for (GatewayOperation operation : due) {
                PaymentGateway.Answer answer = send(operation);
                if (answer.outcome() == PaymentGateway.Outcome.UNKNOWN) {
                    jdbc.sql("UPDATE payment_gateway_unresolved SET attempts = attempts + 1, last_detail = :detail,"
                                    + " next_attempt_at = now() + least(make_interval(secs => :first * power(2, attempts)),"
                                    + " make_interval(secs => :max)) WHERE operation_key = :key")
                            .param("detail", answer.detail())
                            .param("first", firstRetry.toMillis() / 1000.0)
                            .param("max", (double) MAX_BACKOFF.toSeconds())
                            .param("key", operation.key())
                            .update();
                    continue;
                }
                record(operation, answer);
                jdbc.sql("DELETE FROM payment_gateway_unresolved WHERE operation_key = :key")
                        .param("key", operation.key())
                        .update();
                log.info(
                        "payment {}: {} under key {} resolved as {}",
                        operation.paymentId(),
                        operation.operation(),
                        operation.key(),
                        answer.outcome());
                done++;
            }
            return done;
        });
        return settled == null ? 0 : settled;
    }

    private PaymentGateway.Answer send(GatewayOperation operation) {
        return switch (operation.operation()) {
            case GatewayOperation.AUTHORIZE ->
                gateway.authorize(
                        operation.key(),
                        operation.paymentId(),
                        operation.amount(),
                        vault.peek(operation.paymentId()).orElse(""));
            case GatewayOperation.CAPTURE ->
                gateway.capture(operation.key(), operation.reference(), operation.amount());
            case GatewayOperation.VOID -> gateway.voidAuthorization(operation.key(), operation.reference());
            case GatewayOperation.REFUND ->
                gateway.refund(operation.key(), operation.reference(), operation.amount(), operation.refundId());
            default -> throw new IllegalStateException("unknown gateway operation " + operation.operation());
        };
    }

    private void record(GatewayOperation operation, PaymentGateway.Answer answer) {
        boolean done = answer.outcome() == PaymentGateway.Outcome.DONE;
        String id = operation.paymentId();
        switch (operation.operation()) {
            case GatewayOperation.AUTHORIZE -> {
                commands.sendAndWait(new RecordPaymentAuthorizationCommand(
                        id, done, done ? answer.reference() : null, done ? null : answer.code()));
                vault.forget(id);
            }
            case GatewayOperation.CAPTURE ->
                commands.sendAndWait(new RecordPaymentCaptureCommand(id, done, answer.code()));
            case GatewayOperation.VOID -> {
                if (!done) {
                    // nothing left to release at the gateway (already cancelled or expired there)
                    log.warn("payment {}: the gateway refused the void ({}); recorded as released", id, answer.code());
                }
                commands.sendAndWait(new RecordPaymentVoidCommand(id));
            }
            case GatewayOperation.REFUND ->
                commands.sendAndWait(new RecordPaymentRefundCommand(id, operation.refundId(), done, answer.code()));
            default -> throw new IllegalStateException("unknown gateway operation " + operation.operation());
        }
    }

    private double unresolvedCount() {
        try {
            return jdbc.sql("SELECT count(*) FROM payment_gateway_unresolved")
                    .query(Long.class)
                    .single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

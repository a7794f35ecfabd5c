package io.tally.command.payment;

import io.tally.domain.payment.Payment;
import java.time.Duration;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Waits, for the caller of a refund, until the payment processor has recorded the gateway's answer
 * (whichever instance it runs on), reading the payment from the event store; after
 * {@code tally.payments.refund-wait} it answers with the refund still pending.
 */
@Component
class RefundOutcomes {

    private final org.axonframework.config.Configuration axon;
    private final Duration wait;

    RefundOutcomes(
            @Lazy org.axonframework.config.Configuration axon,
            @Value("${tally.payments.refund-wait:PT10S}") Duration wait) {
        this.axon = axon;
        this.wait = wait;
    }

    Payment.RefundOutcome await(String paymentId, String refundId) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (true) {
            Payment.RefundOutcome outcome = read(paymentId, refundId);
            if (outcome.state() != Payment.RefundState.PENDING || System.nanoTime() > deadline) {
                return outcome;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    private Payment.RefundOutcome read(String paymentId, String refundId) {
        Repository<Payment> payments = axon.repository(Payment.class);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        ResultMessage<Payment.RefundOutcome> result = unitOfWork.executeWithResult(
                () -> payments.load(paymentId).invoke(payment -> payment.refund(refundId)));
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        return result.getPayload();
    }
}

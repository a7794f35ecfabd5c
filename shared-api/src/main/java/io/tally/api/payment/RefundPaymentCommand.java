package io.tally.api.payment;

import io.tally.api.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPaymentCommand(
        @TargetAggregateIdentifier String paymentId,
        String refundId,
        Money amount,
        String reason,
        Long expectedVersion) {}

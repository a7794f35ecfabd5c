package io.tally.api.payment;

import io.tally.api.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The card token is not in the command: the gateway adapter takes it from the token vault. */
public record AuthorizePaymentCommand(
        @TargetAggregateIdentifier String paymentId, String orderId, Money amount) {}

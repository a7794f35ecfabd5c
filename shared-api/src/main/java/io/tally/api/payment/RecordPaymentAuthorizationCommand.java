package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway's definite answer to the authorisation, sent by the payment processor. */
public record RecordPaymentAuthorizationCommand(
        @TargetAggregateIdentifier String paymentId, boolean approved, String gatewayReference, String declineCode) {}

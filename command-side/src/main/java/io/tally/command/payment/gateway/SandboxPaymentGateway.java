package io.tally.command.payment.gateway;

import io.tally.domain.payment.gateway.PaymentGateway;
import io.tally.api.common.Money;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * A deterministic processor, like a card processor's test mode: {@code tok_visa} approves,
 * {@code tok_declined} declines, {@code tok_timeout} never answers; any other token is declined
 * as {@code invalid_token}. Capture, void and refund always succeed.
 */
@Component
class SandboxPaymentGateway implements PaymentGateway {

    private final PaymentTokenVault vault;

    SandboxPaymentGateway(PaymentTokenVault vault) {
        this.vault = vault;
    }

    @Override
    public Authorization authorize(String paymentId, Money amount) {
        String token = vault.take(paymentId).orElse("");
        return switch (token) {
            case "tok_visa" -> Authorization.approved("sandbox_auth_" + UUID.randomUUID());
            case "tok_declined" -> Authorization.declined("card_declined");
            case "tok_timeout" -> Authorization.noAnswer();
            default -> Authorization.declined("invalid_token");
        };
    }

    @Override
    public void capture(String gatewayReference, Money amount) {
        // the sandbox settles every capture
    }

    @Override
    public void voidAuthorization(String gatewayReference) {
        // the sandbox releases every authorisation
    }

    @Override
    public void refund(String gatewayReference, Money amount) {
        // the sandbox pays back every refund
    }
}

package io.tally.command.payment;

import io.tally.domain.payment.Payment;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.RefundPaymentCommand;
import io.tally.command.web.IfMatch;
import io.tally.command.web.MoneyBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@RequestMapping(path = "/api/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
class PaymentController {

    private final CommandGateway commands;

    PaymentController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/{paymentId}/refunds")
    ResponseEntity<PaymentView> refund(@PathVariable String paymentId,
                                       @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                       @Valid @RequestBody RefundRequest body) {
        PaymentView view = commands.sendAndWait(new RefundPaymentCommand(paymentId, "ref_" + UUID.randomUUID(),
                body.amount().toMoney(), body.reason(), IfMatch.expectedVersion(ifMatch)));
        return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
    }

    record RefundRequest(@NotNull @Valid MoneyBody amount, @NotBlank @Size(max = Payment.MAX_TEXT_LENGTH) String reason) {
    }
}

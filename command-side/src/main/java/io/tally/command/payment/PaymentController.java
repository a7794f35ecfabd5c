package io.tally.command.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.RefundPaymentCommand;
import io.tally.command.web.IfMatch;
import io.tally.command.web.MoneyBody;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.payment.Payment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "payments", description = "Payments: refunds")
@RequestMapping(path = "/api/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
class PaymentController {

    private final CommandGateway commands;
    private final RefundOutcomes outcomes;

    PaymentController(CommandGateway commands, RefundOutcomes outcomes) {
        this.commands = commands;
        this.outcomes = outcomes;
    }

    /**
     * Decides the refund (its amount is held against what was captured at once, so concurrent
     * refunds never exceed it), then waits for the gateway's answer: 200 when the money went back,
     * 422 {@code refund-declined} when the gateway refused, 202 when no answer came in time (the
     * refund goes on; the payment shows it once it is done).
     */
    @Operation(operationId = "refundPayment", summary = "Refund part or all of a captured payment")
    @ApiResponse(
            responseCode = "200",
            description = "refunded at the card processor",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "202",
            description =
                    "the card processor has not answered yet; the refund goes on and the payment shows it when done",
            headers = {
                @Header(
                        name = "ETag",
                        description = "the aggregate's version, quoted; send it as If-Match",
                        schema = @Schema(type = "string"))
            })
    @PostMapping("/{paymentId}/refunds")
    ResponseEntity<PaymentView> refund(
            @PathVariable String paymentId,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody RefundRequest body)
            throws InterruptedException {
        String refundId = "ref_" + UUID.randomUUID();
        commands.sendAndWait(new RefundPaymentCommand(
                paymentId, refundId, body.amount().toMoney(), body.reason(), IfMatch.expectedVersion(ifMatch)));
        Payment.RefundOutcome outcome = outcomes.await(paymentId, refundId);
        PaymentView view = outcome.payment();
        return switch (outcome.state()) {
            case REFUNDED ->
                ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
            case FAILED ->
                throw new BusinessRuleViolation(
                        "refund-declined",
                        "the payment gateway refused the refund (" + outcome.code() + "); nothing was paid back");
            default ->
                ResponseEntity.accepted().eTag(String.valueOf(view.version())).body(view);
        };
    }

    record RefundRequest(
            @NotNull @Valid MoneyBody amount,
            @NotBlank @Size(max = Payment.MAX_TEXT_LENGTH) String reason) {}
}

package io.tally.query.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.api.payment.FindPaymentQuery;
import io.tally.api.payment.PaymentDetailsView;
import io.tally.query.consistency.ReadModelVersions;
import io.tally.query.consistency.ReadYourWrites;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.web.Futures;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments")
class PaymentQueryController {

    private final QueryGateway queries;
    private final ReadModelVersions versions;

    PaymentQueryController(QueryGateway queries, ReadModelVersions versions) {
        this.queries = queries;
        this.versions = versions;
    }

    @Operation(operationId = "getPayment", summary = "One payment")
    @GetMapping("/{paymentId}")
    ResponseEntity<PaymentDetailsView> payment(
            @PathVariable String paymentId, @RequestParam(required = false) @Min(0) Long minVersion) {
        return ReadYourWrites.answer(
                ProjectionNames.PAYMENTS_PG,
                paymentId,
                minVersion,
                () -> Futures.join(queries.query(
                        new FindPaymentQuery(paymentId), ResponseTypes.optionalInstanceOf(PaymentDetailsView.class))),
                PaymentDetailsView::version,
                () -> versions.payment(paymentId),
                () -> versions.stored(paymentId),
                "no payment " + paymentId);
    }
}

package io.tally.query.payment;

import io.tally.api.payment.FindPaymentQuery;
import io.tally.api.payment.PaymentDetailsView;
import io.tally.query.web.ReadYourWrites;
import io.tally.web.ApiProblemException;
import io.tally.web.Futures;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
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

    PaymentQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{paymentId}")
    ResponseEntity<PaymentDetailsView> payment(@PathVariable String paymentId,
                                               @RequestParam(required = false) @Min(0) Long minVersion) {
        PaymentDetailsView view = ReadYourWrites.await(minVersion,
                        () -> Futures.join(queries.query(new FindPaymentQuery(paymentId),
                                ResponseTypes.optionalInstanceOf(PaymentDetailsView.class))),
                        PaymentDetailsView::version)
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "no payment " + paymentId));
        return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
    }
}

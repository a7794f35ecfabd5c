package io.tally.query.order;

import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.OrderView;
import io.tally.query.web.ReadYourWrites;
import io.tally.web.Futures;
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
@RequestMapping("/api/orders")
class OrderQueryController {

    private final QueryGateway queries;

    OrderQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{orderId}")
    ResponseEntity<OrderView> order(@PathVariable String orderId,
                                    @RequestParam(required = false) @Min(0) Long minVersion) {
        return ReadYourWrites.answer(minVersion, () -> Futures.join(queries.query(new FindOrderQuery(orderId),
                ResponseTypes.optionalInstanceOf(OrderView.class))), OrderView::version, "no order " + orderId);
    }
}

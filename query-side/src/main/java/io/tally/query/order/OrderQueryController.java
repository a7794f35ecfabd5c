package io.tally.query.order;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.FindOrdersQuery;
import io.tally.api.order.OrderPage;
import io.tally.api.order.OrderView;
import io.tally.query.consistency.ReadModelVersions;
import io.tally.query.consistency.ReadYourWrites;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.web.Futures;
import io.tally.query.web.QueryParameters;
import io.tally.query.web.SortOrder;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.web.problem.ApiProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/orders")
class OrderQueryController {

    private final QueryGateway queries;
    private final OrderUpdatesStream updates;
    private final ReadModelVersions versions;

    private final CallerLimits limits;

    OrderQueryController(
            QueryGateway queries, OrderUpdatesStream updates, ReadModelVersions versions, CallerLimits limits) {
        this.limits = limits;
        this.queries = queries;
        this.updates = updates;
        this.versions = versions;
    }

    @Operation(operationId = "followOrder", summary = "Server-sent events of one order's changes")
    @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter updates(@PathVariable String orderId) {
        return updates.open(orderId, limits.stream(CallerLimitFilter.caller()))
                .orElseThrow(() ->
                        new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "no order " + orderId));
    }

    @Operation(operationId = "listOrders", summary = "Orders, filtered and paged")
    @GetMapping
    OrderPage orders(
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) @Size(min = 1, max = 64) String customerId,
            @RequestParam(required = false) String placedFrom,
            @RequestParam(required = false) String placedTo,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
            @RequestParam(required = false) String sort) {
        return Futures.join(
                queries.query(query(status, customerId, placedFrom, placedTo, page, size, sort), OrderPage.class));
    }

    /** The list these parameters ask for, checked as the API checks them (the console asks it too). */
    static FindOrdersQuery query(
            List<String> status,
            String customerId,
            String placedFrom,
            String placedTo,
            int page,
            int size,
            String sort) {
        QueryParameters.TimeRange placed = QueryParameters.range("placedFrom", placedFrom, "placedTo", placedTo);
        SortOrder order = SortOrder.parse(sort, OrderQueries.SORT_COLUMNS.keySet(), "placedAt", false);
        return new FindOrdersQuery(
                QueryParameters.statuses(status),
                customerId,
                placed.from(),
                placed.to(),
                page,
                size,
                order.field(),
                order.ascending());
    }

    @Operation(operationId = "getOrder", summary = "One order")
    @GetMapping("/{orderId}")
    ResponseEntity<OrderView> order(
            @PathVariable String orderId, @RequestParam(required = false) @Min(0) Long minVersion) {
        return ReadYourWrites.answer(
                ProjectionNames.ORDERS_PG,
                orderId,
                minVersion,
                () -> Futures.join(
                        queries.query(new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderView.class))),
                OrderView::version,
                () -> versions.order(orderId),
                () -> versions.stored(orderId),
                "no order " + orderId);
    }
}

package io.tally.query.order;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.api.order.OrderSearchPage;
import io.tally.api.order.SearchOrdersQuery;
import io.tally.query.web.Futures;
import io.tally.query.web.QueryParameters;
import io.tally.query.web.SortOrder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderSearchController {

    private final QueryGateway queries;

    OrderSearchController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(operationId = "searchOrders", summary = "Full-text search over orders, with facets")
    @GetMapping("/api/search/orders")
    OrderSearchPage search(
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String placedFrom,
            @RequestParam(required = false) String placedTo,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
            @RequestParam(required = false) String sort) {
        return Futures.join(
                queries.query(query(q, status, placedFrom, placedTo, page, size, sort), OrderSearchPage.class));
    }

    /** The search these parameters ask for, checked as the API checks them (the console asks it too). */
    static SearchOrdersQuery query(
            String q, List<String> status, String placedFrom, String placedTo, int page, int size, String sort) {
        QueryParameters.TimeRange placed = QueryParameters.range("placedFrom", placedFrom, "placedTo", placedTo);
        QueryParameters.requireWithinWindow(page, size);
        SortOrder order = sort == null || sort.isBlank()
                ? new SortOrder(null, false)
                : SortOrder.parse(sort, OrderSearchQueries.SORT_FIELDS.keySet(), "placedAt");
        return new SearchOrdersQuery(
                q,
                QueryParameters.statuses(status),
                placed.from(),
                placed.to(),
                page,
                size,
                order.field(),
                order.ascending());
    }
}

package io.tally.query.order;

import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.OrderPage;
import io.tally.api.order.OrderSearchPage;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderView;
import io.tally.query.console.ConsoleController;
import io.tally.query.web.Futures;
import io.tally.query.web.QueryParameters;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The analysts' order pages: with words to look for, the Elasticsearch search (highlights, facets
 * by status and currency); without, the PostgreSQL list with filters, sorting and paging; one
 * order with its live timeline. The same queries, limits and checks as the API's.
 */
@ConsoleController
@RequestMapping("/console/orders")
class OrderConsole {

    static final int PAGE_SIZE = 25;

    private final QueryGateway queries;
    private final OrderUpdatesStream updates;
    private final CallerLimits limits;

    OrderConsole(QueryGateway queries, OrderUpdatesStream updates, CallerLimits limits) {
        this.queries = queries;
        this.updates = updates;
        this.limits = limits;
    }

    @GetMapping
    String orders(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String placedFrom,
            @RequestParam(required = false) String placedTo,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) String sort,
            Model model) {
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("customerId", customerId == null ? "" : customerId);
        model.addAttribute("placedFrom", placedFrom == null ? "" : placedFrom);
        model.addAttribute("placedTo", placedTo == null ? "" : placedTo);
        model.addAttribute("sort", sort == null ? "" : sort);
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute(
                "chosen",
                QueryParameters.statuses(status).stream().map(Enum::name).toList());
        if (page < 0 || page > 1_000_000) {
            throw new InvalidRequestException("page", "must be between 0 and 1000000");
        }
        if (q != null && q.length() > 200) {
            throw new InvalidRequestException("q", "may hold at most 200 characters");
        }
        if (customerId != null && customerId.length() > 64) {
            throw new InvalidRequestException("customerId", "may hold at most 64 characters");
        }
        boolean searching = q != null && !q.isBlank();
        model.addAttribute("searching", searching);
        if (searching) {
            OrderSearchPage found = Futures.join(queries.query(
                    OrderSearchController.query(q, status, placedFrom, placedTo, page, PAGE_SIZE, sort),
                    OrderSearchPage.class));
            model.addAttribute("result", found);
            model.addAttribute("pages", pages(found.total()));
        } else {
            OrderPage listed = Futures.join(queries.query(
                    OrderQueryController.query(
                            status,
                            customerId == null || customerId.isBlank() ? null : customerId.trim(),
                            placedFrom,
                            placedTo,
                            page,
                            PAGE_SIZE,
                            sort),
                    OrderPage.class));
            model.addAttribute("result", listed);
            model.addAttribute("pages", pages(listed.total()));
        }
        model.addAttribute("page", page);
        return "console/orders";
    }

    @GetMapping("/{orderId}")
    String order(@PathVariable String orderId, Model model) {
        Optional<OrderView> order = Futures.join(
                queries.query(new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderView.class)));
        model.addAttribute(
                "order",
                order.orElseThrow(() -> new ApiProblemException(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "No such order",
                        "no order " + orderId + " in the read model")));
        return "console/order";
    }

    /** The order each time it changes, as the API's {@code /updates} stream sends it, for the timeline. */
    @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter updates(@PathVariable String orderId) {
        return updates.open(orderId, limits.stream(CallerLimitFilter.caller()))
                .orElseThrow(() -> new ApiProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "No such order", "no order " + orderId));
    }

    private static long pages(long total) {
        return Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    }
}

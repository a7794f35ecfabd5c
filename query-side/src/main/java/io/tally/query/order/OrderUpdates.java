package io.tally.query.order;

import io.tally.api.order.FindOrderQuery;
import io.tally.api.order.OrderView;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.springframework.stereotype.Component;

/**
 * Tells subscribers of an order ({@code GET /api/orders/{id}/updates}) that it changed. The view
 * is read only when someone follows that order, and emitted when the projector's transaction
 * commits, so a rebuild pays nothing for it.
 */
@Component
public class OrderUpdates {

    private final QueryUpdateEmitter emitter;
    private final OrderQueries orders;

    OrderUpdates(QueryUpdateEmitter emitter, OrderQueries orders) {
        this.emitter = emitter;
        this.orders = orders;
    }

    public void changed(String orderId) {
        if (!followed(orderId)) {
            return;
        }
        orders.handle(new FindOrderQuery(orderId))
                .ifPresent(view -> emitter.emit(
                        FindOrderQuery.class, query -> query.orderId().equals(orderId), view));
    }

    private boolean followed(String orderId) {
        for (SubscriptionQueryMessage<?, ?, ?> subscription : emitter.activeSubscriptions()) {
            if (subscription.getPayload() instanceof FindOrderQuery query
                    && query.orderId().equals(orderId)) {
                return true;
            }
        }
        return false;
    }

    static boolean isFinal(OrderView view) {
        return switch (view.status()) {
            case SHIPPED, REJECTED, CANCELLED -> true;
            default -> false;
        };
    }
}

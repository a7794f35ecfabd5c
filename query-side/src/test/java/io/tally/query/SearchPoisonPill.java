package io.tally.query;

import io.tally.api.order.OrderPlacedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** {@link PoisonPill} in the Elasticsearch orders projection, armed and disarmed with it. */
@Component
@ProcessingGroup("orders-es")
public class SearchPoisonPill {

    @EventHandler
    void on(OrderPlacedEvent event) {
        if (PoisonPill.armed && event.customerName().startsWith(PoisonPill.CUSTOMER)) {
            throw new IllegalArgumentException("poison: order " + event.orderId() + " cannot be indexed");
        }
    }
}

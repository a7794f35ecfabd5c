package io.tally.query;

import io.tally.api.order.OrderPlacedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A handler in the PostgreSQL orders projection that fails, while armed, on orders of customers
 * named "Poison Pill": the poison event a projection must put aside without stopping.
 * {@link SearchPoisonPill} does the same in the Elasticsearch one.
 */
@Component
@ProcessingGroup("orders-pg")
public class PoisonPill {

    public static final String CUSTOMER = "Poison Pill";
    public static volatile boolean armed = true;

    @EventHandler
    void on(OrderPlacedEvent event) {
        if (armed && event.customerName().startsWith(CUSTOMER)) {
            throw new IllegalArgumentException("poison: order " + event.orderId() + " cannot be projected");
        }
    }
}

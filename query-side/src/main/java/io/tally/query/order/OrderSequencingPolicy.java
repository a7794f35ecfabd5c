package io.tally.query.order;

import io.tally.query.search.EventIds;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

/**
 * Sequences events by the order they belong to: a payment event carries its order's id, so an
 * order's events and its payment's are handled in one sequence, by one segment, in order.
 * Events about no order fall back to their aggregate.
 */
@Component("orderSequencingPolicy")
class OrderSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final Function<EventMessage<?>, String> orderId = EventIds.component("orderId");

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        String id = orderId.apply(event);
        return id != null ? id : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}

package io.tally.query.order;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sequences events by the order they belong to: a payment event carries its order's id, so an
 * order's events and its payment's are handled in one sequence, by one segment, in order.
 * Events about no order fall back to their aggregate.
 */
@Component("orderSequencingPolicy")
class OrderSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private static final Optional<Method> NONE = Optional.empty();
    private final ConcurrentMap<Class<?>, Optional<Method>> accessors = new ConcurrentHashMap<>();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Optional<Method> orderId = accessors.computeIfAbsent(event.getPayloadType(), OrderSequencingPolicy::accessor);
        if (orderId.isPresent()) {
            try {
                Object id = orderId.get().invoke(event.getPayload());
                if (id != null) {
                    return id;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read orderId of " + event.getPayloadType(), e);
            }
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }

    private static Optional<Method> accessor(Class<?> type) {
        if (!type.isRecord()) {
            return NONE;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals("orderId") && component.getType() == String.class) {
                return Optional.of(component.getAccessor());
            }
        }
        return NONE;
    }
}

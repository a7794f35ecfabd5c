package io.tally.domain.history;

import io.tally.domain.inventory.InventoryItem;
import io.tally.domain.order.Order;
import io.tally.domain.payment.Payment;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.FixedValueParameterResolver;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

/**
 * An aggregate's state as it was after some of its events, rebuilt by the aggregate's own event
 * sourcing handlers: the rules that decided then are the rules that replay now.
 */
public final class PastStates {

    /** Aggregate types as the event store names them, and the classes that source them. */
    private static final Map<String, AggregateModel<? extends Stateful>> MODELS = Map.of(
            "Order", model(Order.class),
            "Payment", model(Payment.class),
            "InventoryItem", model(InventoryItem.class));

    private PastStates() {}

    /**
     * The state after {@code events}, which are the first events of one aggregate of
     * {@code storedType} in sequence order (upcast, as the event store reads them).
     */
    public static Object rebuild(String storedType, List<? extends DomainEventMessage<?>> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a state needs at least its first event");
        }
        return rebuild(MODELS.get(storedType), events);
    }

    private static <T extends Stateful> Object rebuild(
            AggregateModel<T> model, List<? extends DomainEventMessage<?>> events) {
        if (model == null) {
            throw new IllegalArgumentException("not a Tally aggregate type");
        }
        DomainEventMessage<?> first = events.get(0);
        T root = new GenericAggregateFactory<>(model).createAggregateRoot(first.getAggregateIdentifier(), first);
        EventSourcedAggregate<T> aggregate =
                EventSourcedAggregate.initialize(root, model, null, NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(events.stream().map(e -> (DomainEventMessage<?>) e)));
        return aggregate.invoke(Stateful::state);
    }

    /**
     * The aggregate's model for event sourcing only: parameters its command handlers take from the
     * application (the payment gateway) resolve to nothing, because no command is handled here.
     */
    private static <T> AggregateModel<T> model(Class<T> type) {
        ParameterResolverFactory nothingElse =
                (executable, parameters, index) -> new FixedValueParameterResolver<>(null);
        return AnnotatedAggregateMetaModelFactory.inspectAggregate(
                type, new MultiParameterResolverFactory(ClasspathParameterResolverFactory.forClass(type), nothingElse));
    }
}

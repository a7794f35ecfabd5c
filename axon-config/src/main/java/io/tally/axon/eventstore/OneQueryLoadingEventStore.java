package io.tally.axon.eventstore;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, loading each aggregate with {@link OneQueryLoadingEngine}'s single
 * statement; like Axon's own, a load also sees the events its unit of work has applied but not
 * yet stored.
 */
final class OneQueryLoadingEventStore extends EmbeddedEventStore {

    private final OneQueryLoadingEngine engine;

    OneQueryLoadingEventStore(EmbeddedEventStore.Builder builder, OneQueryLoadingEngine engine) {
        super(builder.storageEngine(engine));
        this.engine = engine;
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return DomainEventStream.concat(engine.readAggregate(aggregateIdentifier),
                DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier)));
    }
}

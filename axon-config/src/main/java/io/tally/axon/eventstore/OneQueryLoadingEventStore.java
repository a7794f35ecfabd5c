package io.tally.axon.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.List;

/**
 * Axon's embedded event store, loading each aggregate with {@link OneQueryLoadingEngine}'s single
 * statement; like Axon's own, a load also sees the events its unit of work has applied but not
 * yet stored. Its reader of the log's tail asks the engine only when something can have arrived:
 * after an append of this process, or once a poll interval has passed.
 */
final class OneQueryLoadingEventStore extends EmbeddedEventStore {

    private final OneQueryLoadingEngine engine;

    OneQueryLoadingEventStore(EmbeddedEventStore.Builder builder, OneQueryLoadingEngine engine, Duration poll,
                              Duration tailGap) {
        super(builder.storageEngine(engine).fetchDelay(poll.toMillis()));
        this.engine = engine;
        engine.pollTailEvery(poll);
        engine.readTailAtMostEvery(tailGap);
    }

    /** Whether the current unit of work (or one around it) has events of the aggregate waiting to be stored. */
    boolean staged(String aggregateIdentifier) {
        return stagedDomainEventMessages(aggregateIdentifier).findAny().isPresent();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        engine.appended();
        super.afterCommit(events);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return DomainEventStream.concat(engine.readAggregate(aggregateIdentifier),
                DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier)));
    }
}

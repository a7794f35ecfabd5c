package io.tally.axon.eventstore;

import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, which tells its engine when this process has committed an append
 * (so the engine's reader of the log's tail asks only when something can have arrived: after such
 * an append, or once a poll interval has passed) and answers whether the current unit of work has
 * events of an aggregate waiting to be stored ({@link CachedAggregateCheck}).
 */
public final class AppendAwareEventStore extends EmbeddedEventStore {

    private final AuthenticatingStorageEngine engine;

    AppendAwareEventStore(
            EmbeddedEventStore.Builder builder, AuthenticatingStorageEngine engine, Duration poll, Duration tailGap) {
        super(builder.storageEngine(engine).fetchDelay(poll.toMillis()));
        this.engine = engine;
        engine.pollTailEvery(poll);
        engine.readTailAtMostEvery(tailGap);
    }

    /** Whether the current unit of work (or one around it) has events of the aggregate waiting to be stored. */
    public boolean staged(String aggregateIdentifier) {
        return stagedDomainEventMessages(aggregateIdentifier).findAny().isPresent();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        engine.appended();
        super.afterCommit(events);
    }
}

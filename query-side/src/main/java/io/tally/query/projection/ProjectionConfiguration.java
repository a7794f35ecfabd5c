package io.tally.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tally.axon.processing.TransientFailures;
import io.tally.query.consistency.ReadModelSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What a projection does with an event its handler cannot apply. A store that is down is not the
 * event's fault: the failure fails the batch, and the processor retries it with back-off until
 * the store is back. Any other failure is the event's: Axon's dead-letter queue keeps it and the
 * rest of its sequence (PostgreSQL, {@code dead_letter_entry}) while the projection goes on.
 */
@Configuration
@EnableScheduling
class ProjectionConfiguration {

    /** The live projectors write each statement at once (see {@link ProjectionWrites}). */
    @Bean
    ProjectionWrites projectionWrites(NamedParameterJdbcTemplate jdbc, javax.sql.DataSource dataSource) {
        return ProjectionWrites.immediate(jdbc, dataSource);
    }

    @Bean
    ConfigurerModule projectionDeadLetterPolicy() {
        return configurer ->
                configurer.eventProcessing().registerDefaultDeadLetterPolicy(config -> ProjectionConfiguration::decide);
    }

    /**
     * After each committed batch: readers waiting for a version ({@code minVersion}) read again at
     * once, and each event's delay from its append to its projection's commit is recorded as the
     * timer {@code tally.projection.delay} (tag {@code projection}, a Prometheus histogram).
     */
    @Bean
    ConfigurerModule afterCommittedBatches(MeterRegistry meters) {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultHandlerInterceptor((config, name) -> afterCommit(
                        name,
                        Timer.builder("tally.projection.delay")
                                .description("from an event's append to its projection's commit")
                                .tag("projection", name)
                                .publishPercentileHistogram()
                                .maximumExpectedValue(Duration.ofSeconds(60))
                                .register(meters)));
    }

    private static MessageHandlerInterceptor<EventMessage<?>> afterCommit(String projection, Timer delay) {
        return (unitOfWork, chain) -> {
            Batch batch = unitOfWork.root().getOrComputeResource(Batch.class.getName(), key -> {
                Batch started = new Batch(new ArrayList<>(), new HashMap<>());
                unitOfWork.root().afterCommit(committed -> {
                    ReadModelSignal.changed(projection, started.versions());
                    Instant now = Instant.now();
                    started.appended().forEach(at -> delay.record(Duration.between(at, now)));
                });
                return started;
            });
            EventMessage<?> event = unitOfWork.getMessage();
            batch.appended().add(event.getTimestamp());
            if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
                batch.versions().merge(domain.getAggregateIdentifier(), domain.getSequenceNumber(), Math::max);
            }
            return chain.proceed();
        };
    }

    /** A batch's events: when each was appended, and the newest version of each aggregate they belong to. */
    private record Batch(List<Instant> appended, Map<String, Long> versions) {}

    static EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (TransientFailures.isTransient(cause)) {
            // thrown out of the dead-letter invoker: the batch fails and is retried, nothing is skipped
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        return Decisions.enqueue(cause);
    }
}

package io.tally.query.admin;

import io.tally.axon.TransientFailures;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

    @Bean
    ConfigurerModule projectionDeadLetterPolicy() {
        return configurer -> configurer.eventProcessing()
                                       .registerDefaultDeadLetterPolicy(config -> ProjectionConfiguration::decide);
    }

    static EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (TransientFailures.isTransient(cause)) {
            // thrown out of the dead-letter invoker: the batch fails and is retried, nothing is skipped
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        return Decisions.enqueue(cause);
    }
}

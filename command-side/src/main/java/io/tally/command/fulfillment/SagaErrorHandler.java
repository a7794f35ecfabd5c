package io.tally.command.fulfillment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.axon.processing.TransientFailures;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fulfillment saga's processor does when a saga step fails. A store that is down fails the
 * batch, which the processor retries with back-off: nothing is skipped. Any other failure is the
 * step's own (an event history the saga cannot reconcile): it is logged with the event, counted in
 * {@code tally.saga.steps.failed}, and the processor goes on, so one broken order never holds up
 * every order behind it in its segment. Axon 4 has no dead-letter queue for sagas.
 */
final class SagaErrorHandler implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaErrorHandler.class);

    private final Counter failed;

    SagaErrorHandler(MeterRegistry meters) {
        this.failed = Counter.builder("tally.saga.steps.failed")
                .description("saga steps that failed for a reason other than a store being down")
                .register(meters);
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        if (TransientFailures.isTransient(exception)) {
            throw exception;
        }
        failed.increment();
        log.error(
                "saga step for {} (event {}) failed and was skipped: {}",
                event.getPayloadType().getSimpleName(),
                event.getIdentifier(),
                exception.toString());
    }
}

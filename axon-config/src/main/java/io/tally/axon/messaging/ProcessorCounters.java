package io.tally.axon.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.monitoring.MessageMonitor;

/**
 * An event processor's counters under the names axon-micrometer's MessageCountingMonitor gives
 * them ({@code eventProcessor.ingestedCounter}, {@code .successCounter}, {@code .failureCounter},
 * {@code .processedCounter}, {@code .ignoredCounter}, tag {@code processorName}), registered once:
 * Axon's looks all five up in the registry for every event every processor sees, handled or not,
 * and with the processor's timer and capacity monitors that was a measurable share of each
 * service's CPU (docs/benchmark-results.md, change 19).
 */
final class ProcessorCounters implements MessageMonitor<EventMessage<?>> {

    private final Counter ingested;
    private final Counter success;
    private final Counter failure;
    private final Counter processed;
    private final Counter ignored;

    ProcessorCounters(String processorName, MeterRegistry meters) {
        Tags tags = Tags.of("processorName", processorName);
        this.ingested = meters.counter("eventProcessor.ingestedCounter", tags);
        this.success = meters.counter("eventProcessor.successCounter", tags);
        this.failure = meters.counter("eventProcessor.failureCounter", tags);
        this.processed = meters.counter("eventProcessor.processedCounter", tags);
        this.ignored = meters.counter("eventProcessor.ignoredCounter", tags);
    }

    @Override
    public MonitorCallback onMessageIngested(EventMessage<?> message) {
        ingested.increment();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                processed.increment();
                success.increment();
            }

            @Override
            public void reportFailure(Throwable cause) {
                processed.increment();
                failure.increment();
            }

            @Override
            public void reportIgnored() {
                ignored.increment();
            }
        };
    }
}

package io.tally.axon.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

/** A processor's counters under axon-micrometer's names, each outcome counted where Axon's would. */
class ProcessorCountersTest {

    @Test
    void countsEachOutcomeUnderAxonsNames() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProcessorCounters counters = new ProcessorCounters("orders-pg", meters);

        counters.onMessageIngested(GenericEventMessage.asEventMessage("handled"))
                .reportSuccess();
        counters.onMessageIngested(GenericEventMessage.asEventMessage("failed"))
                .reportFailure(new IllegalStateException());
        MessageMonitor.MonitorCallback ignored =
                counters.onMessageIngested(GenericEventMessage.asEventMessage("not ours"));
        ignored.reportIgnored();

        assertThat(count(meters, "eventProcessor.ingestedCounter")).isEqualTo(3);
        assertThat(count(meters, "eventProcessor.processedCounter")).isEqualTo(2);
        assertThat(count(meters, "eventProcessor.successCounter")).isEqualTo(1);
        assertThat(count(meters, "eventProcessor.failureCounter")).isEqualTo(1);
        assertThat(count(meters, "eventProcessor.ignoredCounter")).isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry meters, String name) {
        return meters.get(name).tag("processorName", "orders-pg").counter().count();
    }
}

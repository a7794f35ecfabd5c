package io.tally.query.projection;

import io.tally.query.consistency.ReadModelSignal;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reports each second which projections this instance processes entirely, for readers waiting on
 * a version: they look on their own less often when no other instance can commit their rows.
 */
@Component
class LocalSegments {

    private final EventProcessingConfiguration processing;

    LocalSegments(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Scheduled(fixedDelay = 1_000)
    void report() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                ReadModelSignal.allSegmentsHere(name, share(streaming) > 0.999);
            }
        });
    }

    /** The part of the projection's events this instance processes, by its healthy segments. */
    private static double share(StreamingEventProcessor processor) {
        double share = 0;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            if (!status.isErrorState()) {
                share += 1.0 / (status.getSegment().getMask() + 1);
            }
        }
        return share;
    }
}

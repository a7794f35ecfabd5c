package io.tally.axon.eventstore;

import io.tally.command.CommandSideApplication;
import io.tally.command.web.CommandSideHttpTest;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processors' read of the global log, on the service's own engine: it goes on past a gap
 * wider than a batch (values of the global index taken by appends that rolled back), which Axon
 * found with a second statement that is off here.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackedEventsFetchTest extends CommandSideHttpTest {

    @Autowired
    private EventStorageEngine engine;

    @Test
    void aProcessorReadsOnPastAGapWiderThanABatch() throws Exception {
        long before = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM tally_events.domain_event_entry")
                          .query(Long.class).single();
        // what 250 appends that rolled back leave behind: 250 values of the sequence never stored
        jdbc.sql("SELECT nextval('tally_events.domain_event_entry_global_index_seq') FROM generate_series(1, 250)")
            .query(Long.class).list();
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);

        List<? extends TrackedEventMessage<?>> read;
        try (Stream<? extends TrackedEventMessage<?>> events =
                     engine.readEvents(GapAwareTrackingToken.newInstance(before, Collections.emptySortedSet()), false)) {
            read = events.toList();
        }
        assertThat(read).as("the events after the gap").isNotEmpty();
        assertThat(((GapAwareTrackingToken) read.get(0).trackingToken()).getIndex()).isGreaterThan(before + 250);
        assertThat(read).anySatisfy(event -> assertThat(event.getPayload().toString()).contains(sku));
    }
}

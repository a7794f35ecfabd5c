package io.tally.command.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.Test;

class AssociationRoutedSagaManagerTest {

    private final List<Segment> segments = Segment.splitBalanced(Segment.ROOT_SEGMENT, 3);
    private final InMemorySagaStore store = new InMemorySagaStore();
    private final AssociationRoutedSagaManager<CountingSaga> manager =
            new AssociationRoutedSagaManager<>(AnnotatedSagaManager.<CountingSaga>builder()
                    .sagaType(CountingSaga.class)
                    .sagaRepository(AnnotatedSagaRepository.<CountingSaga>builder()
                            .sagaType(CountingSaga.class)
                            .sagaStore(store)
                            .build()));

    @Test
    void everyEventOfOneOrderGoesToTheSameSingleSegment() {
        for (int i = 0; i < 100; i++) {
            String orderId = UUID.randomUUID().toString();
            List<Segment> placed = handling(new Placed(orderId));
            List<Segment> stepped = handling(new Stepped(orderId));
            assertThat(placed).hasSize(1).isEqualTo(stepped);
            assertThat(placed.get(0).matches(new AssociationValue("orderId", orderId)))
                    .isTrue();
        }
    }

    @Test
    void theSegmentAnOrderFallsInStartsItsSagaOnceAndFindsItAgain() {
        String orderId = UUID.randomUUID().toString();
        deliver(new Placed(orderId));
        deliver(new Stepped(orderId));
        deliver(new Stepped(orderId));

        assertThat(stepsOfTheOneSagaOf(orderId)).isEqualTo(2);
    }

    @Test
    void aSagaWhoseIdFallsInAnotherSegmentIsStillFound() {
        String orderId = UUID.randomUUID().toString();
        Segment routed = handling(new Stepped(orderId)).get(0);
        String sagaId;
        do {
            sagaId = UUID.randomUUID().toString();
        } while (routed.matches(sagaId));
        store.insertSaga(
                CountingSaga.class, sagaId, new CountingSaga(), Set.of(new AssociationValue("orderId", orderId)));

        deliver(new Stepped(orderId));

        assertThat(stepsOfTheOneSagaOf(orderId)).isEqualTo(1);
    }

    private int stepsOfTheOneSagaOf(String orderId) {
        var ids = store.findSagas(CountingSaga.class, new AssociationValue("orderId", orderId));
        assertThat(ids).hasSize(1);
        return store.loadSaga(CountingSaga.class, ids.iterator().next()).saga().steps;
    }

    @Test
    void eventsTheSagaDoesNotHandleGoNowhere() {
        assertThat(handling(new Unrelated(UUID.randomUUID().toString()))).isEmpty();
    }

    private List<Segment> handling(Object payload) {
        EventMessage<?> event = GenericEventMessage.asEventMessage(payload);
        List<Segment> handling = new ArrayList<>();
        for (Segment segment : segments) {
            if (manager.canHandle(event, segment)) {
                handling.add(segment);
            }
        }
        return handling;
    }

    /** As a tracking processor does: each segment that can handle the event handles it. */
    private void deliver(Object payload) {
        EventMessage<?> event = GenericEventMessage.asEventMessage(payload);
        for (Segment segment : segments) {
            if (manager.canHandle(event, segment)) {
                var result = DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
                    manager.handle(event, segment);
                    return null;
                });
                assertThat(result.isExceptional()).as("handled without error").isFalse();
            }
        }
    }

    record Placed(String orderId) {}

    record Stepped(String orderId) {}

    record Unrelated(String orderId) {}

    public static class CountingSaga {

        int steps;

        @StartSaga
        @SagaEventHandler(associationProperty = "orderId")
        public void on(Placed event) {}

        @SagaEventHandler(associationProperty = "orderId")
        public void on(Stepped event) {
            steps++;
        }
    }
}

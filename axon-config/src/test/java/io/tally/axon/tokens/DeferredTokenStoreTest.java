package io.tally.axon.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class DeferredTokenStoreTest {

    private final List<String> writes = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final TokenStore database = new TokenStore() {
        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            writes.add("store " + processorName + "/" + segment + " @"
                    + token.position().orElse(-1));
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            return null;
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            writes.add("extend " + processorName + "/" + segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            writes.add("release " + processorName + "/" + segment);
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment) {
            writes.add("initialize " + processorName + "/" + segment);
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return new int[] {0, 1};
        }
    };

    private final DeferredTokenStore store =
            new DeferredTokenStore(database, now::get, List.of("orders-pg", "payments-pg"));

    @Test
    void skippedEventsAreWrittenAtMostEveryIntervalAndWithTheNextClaimExtension() {
        store.storeToken(at(1), "orders-pg", 0);
        store.storeToken(at(2), "orders-pg", 0);
        store.storeToken(at(3), "orders-pg", 0);
        assertThat(writes).containsExactly("store orders-pg/0 @1");

        store.extendClaim("orders-pg", 0);
        assertThat(writes).containsExactly("store orders-pg/0 @1", "store orders-pg/0 @3");
        store.extendClaim("orders-pg", 0);
        assertThat(writes).endsWith("extend orders-pg/0");

        now.addAndGet(DeferredTokenStore.DEFER_NANOS);
        store.storeToken(at(4), "orders-pg", 0);
        assertThat(writes).endsWith("store orders-pg/0 @4");
    }

    @Test
    void aHandledBatchOfAProcessorNotNamedIdempotentIsWrittenAtOnceAndDropsTheOlderKeptOne() {
        store.storeToken(at(1), "saga", 1);
        store.storeToken(at(2), "saga", 1);
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        try {
            store.storeToken(at(3), "saga", 1);
        } finally {
            batch.commit();
        }
        store.extendClaim("saga", 1);
        assertThat(writes).containsExactly("store saga/1 @1", "store saga/1 @3", "extend saga/1");
    }

    @Test
    void aHandledBatchOfAnIdempotentProcessorIsKeptOnceItCommitsAndWrittenWithTheNextClaimExtension() {
        store.storeToken(at(1), "orders-pg", 1);
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        try {
            store.storeToken(at(2), "orders-pg", 1);
            assertThat(writes).containsExactly("store orders-pg/1 @1");
        } finally {
            batch.commit();
        }
        store.extendClaim("orders-pg", 1);
        assertThat(writes).containsExactly("store orders-pg/1 @1", "store orders-pg/1 @2");
    }

    @Test
    void aRolledBackBatchKeepsNothing() {
        store.storeToken(at(1), "orders-pg", 1);
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        store.storeToken(at(2), "orders-pg", 1);
        batch.rollback();
        store.extendClaim("orders-pg", 1);
        assertThat(writes)
                .as("the rolled-back batch's position is never written")
                .containsExactly("store orders-pg/1 @1", "extend orders-pg/1");
    }

    @Test
    void aNewClaimStartsFromTheStoreNotFromWhatAnEarlierClaimKept() {
        store.storeToken(at(1), "orders-pg", 0);
        store.storeToken(at(2), "orders-pg", 0);
        store.fetchToken("orders-pg", 0);
        store.extendClaim("orders-pg", 0);
        assertThat(writes).containsExactly("store orders-pg/0 @1", "extend orders-pg/0");
    }

    @Test
    void releasingWritesWhatIsKeptFirst() {
        store.storeToken(at(1), "payments-pg", 0);
        store.storeToken(at(5), "payments-pg", 0);
        store.storeToken(at(6), "orders-pg", 0);
        store.releaseClaim("payments-pg", 0);
        assertThat(writes)
                .containsExactly(
                        "store payments-pg/0 @1",
                        "store orders-pg/0 @6",
                        "store payments-pg/0 @5",
                        "release payments-pg/0");
    }

    @Test
    void afterASplitOrMergeTheNextTokenIsWrittenAtOnce() {
        store.storeToken(at(1), "orders-pg", 0);
        store.storeToken(at(2), "orders-pg", 0);
        store.initializeSegment(at(2), "orders-pg", 1);
        store.storeToken(at(2), "orders-pg", 0);
        store.extendClaim("orders-pg", 0);
        assertThat(writes)
                .containsExactly(
                        "store orders-pg/0 @1", "initialize orders-pg/1", "store orders-pg/0 @2", "extend orders-pg/0");
    }

    private static TrackingToken at(long position) {
        return new GlobalSequenceTrackingToken(position);
    }
}

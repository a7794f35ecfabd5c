package io.tally.axon.sagas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.axon.processing.ProcessingConfiguration;
import io.tally.axon.testing.TestDatabase;
import io.tally.dev.CountingConnections;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A saga and its association values load in one statement, and load as Axon's own JDBC store
 * loads them; a lookup reads the sagas it finds; a saga is inserted and deleted in one statement;
 * a saga is written only at the version it was read at. Against the run's PostgreSQL, on a schema
 * of its own that the store made ({@link BatchedSagaStore#createSchema()}); that the services use
 * this store, on the schema their migrations make, command-side's {@code ServiceSagaStoreTest} shows.
 */
class BatchedSagaStoreTest {

    /** A saga's state as a test stores it. */
    public static class TestSaga {
        public String step;
        public long attempts;
    }

    /** Another saga type, whose associations must not be taken for the first one's. */
    public static class OtherSaga {
        public String note;
    }

    private static TestDatabase database;
    private static DataSource dataSource;
    private static final Serializer serializer = Jackson3Serializer.builder().build();

    @BeforeAll
    static void schema() throws Exception {
        database = TestDatabase.freshSchema("axon_sagas_test");
        dataSource = database.dataSource();
        new BatchedSagaStore(
                        dataSource::getConnection,
                        serializer,
                        sagaSchema(),
                        JdbcSagaStore.builder().sqlSchema(new PostgresSagaSqlSchema(sagaSchema())))
                .createSchema();
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    private final AtomicInteger statements = new AtomicInteger();

    @Test
    void aSagaAndItsAssociationsLoadInOneStatementAsAxonsStoreLoadsThem() {
        String id = UUID.randomUUID().toString();
        TestSaga saga = new TestSaga();
        saga.step = "AUTHORIZING";
        saga.attempts = 2;
        Set<AssociationValue> associations = Set.of(
                new AssociationValue("orderId", "ord_" + id),
                new AssociationValue("paymentId", "pay_" + id),
                new AssociationValue("sku", "MUG-1"));
        batched().insertSaga(TestSaga.class, id, saga, associations);
        OtherSaga other = new OtherSaga();
        other.note = "same id, another type";
        batched().insertSaga(OtherSaga.class, id + "-other", other, Set.of(new AssociationValue("orderId", "x")));

        statements.set(0);
        SagaStore.Entry<TestSaga> loaded = batched().loadSaga(TestSaga.class, id);
        assertThat(statements.get()).isEqualTo(1);

        SagaStore.Entry<TestSaga> reference = axons().loadSaga(TestSaga.class, id);
        assertThat(loaded.associationValues())
                .isEqualTo(reference.associationValues())
                .isEqualTo(associations);
        assertThat(loaded.saga().step).isEqualTo(reference.saga().step).isEqualTo("AUTHORIZING");
        assertThat(loaded.saga().attempts).isEqualTo(2);
    }

    @Test
    void aSagaWithoutAssociationsAndAMissingSaga() {
        String id = UUID.randomUUID().toString();
        TestSaga saga = new TestSaga();
        saga.step = "DONE";
        batched().insertSaga(TestSaga.class, id, saga, Set.of());
        statements.set(0);
        assertThat(batched().loadSaga(TestSaga.class, id).associationValues()).isEmpty();
        assertThat(batched().loadSaga(TestSaga.class, "no-such-saga-" + id)).isNull();
        assertThat(statements.get()).isEqualTo(2);
    }

    @Test
    void aNewSagaIsInsertedAndAnEndedOneDeletedWithItsAssociationsInOneStatementEach() {
        String id = UUID.randomUUID().toString();
        TestSaga saga = new TestSaga();
        saga.step = "STARTED";
        Set<AssociationValue> associations =
                Set.of(new AssociationValue("orderId", "ord_" + id), new AssociationValue("paymentId", "pay_" + id));
        BatchedSagaStore store = batched();

        statements.set(0);
        store.insertSaga(TestSaga.class, id, saga, associations);
        assertThat(statements.get()).isEqualTo(1);
        assertThat(axons().loadSaga(TestSaga.class, id).associationValues()).isEqualTo(associations);
        assertThat(axons().findSagas(TestSaga.class, new AssociationValue("paymentId", "pay_" + id)))
                .containsExactly(id);

        statements.set(0);
        store.deleteSaga(TestSaga.class, id, associations);
        assertThat(statements.get()).isEqualTo(1);
        assertThat(axons().loadSaga(TestSaga.class, id)).isNull();
        assertThat(axons().findSagas(TestSaga.class, new AssociationValue("orderId", "ord_" + id)))
                .isEmpty();
    }

    @Test
    void aSagaFoundByAnAssociationIsLoadedFromTheLookupsOwnStatement() {
        String id = UUID.randomUUID().toString();
        AssociationValue order = new AssociationValue("orderId", "ord_" + id);
        storedSaga(id, "RESERVING", order);
        BatchedSagaStore store = batched();

        DefaultUnitOfWork<?> step = DefaultUnitOfWork.startAndGet(null);
        try {
            statements.set(0);
            assertThat(store.findSagas(TestSaga.class, order)).containsExactly(id);
            SagaStore.Entry<TestSaga> loaded = store.loadSaga(TestSaga.class, id);
            assertThat(statements.get()).as("the lookup read the saga too").isEqualTo(1);
            assertThat(loaded.saga().step).isEqualTo("RESERVING");
            assertThat(loaded.associationValues()).containsExactly(order);
        } finally {
            step.commit();
        }
    }

    /** A deadline writes the saga on its own thread between the step's lookup and its load. */
    @Test
    void aWriteAfterTheLookupMakesTheLoadReadTheSagaAgain() throws Exception {
        String id = UUID.randomUUID().toString();
        AssociationValue order = new AssociationValue("orderId", "ord_" + id);
        storedSaga(id, "AUTHORIZING", order);
        BatchedSagaStore store = batched();

        DefaultUnitOfWork<?> step = DefaultUnitOfWork.startAndGet(null);
        try {
            statements.set(0);
            assertThat(store.findSagas(TestSaga.class, order)).containsExactly(id);
            Thread deadline = new Thread(() -> {
                TestSaga timedOut = new TestSaga();
                timedOut.step = "TIMED_OUT";
                store.updateSaga(TestSaga.class, id, timedOut, new AssociationValuesImpl(Set.of(order)));
            });
            deadline.start();
            deadline.join();
            statements.set(0);
            assertThat(store.loadSaga(TestSaga.class, id).saga().step).isEqualTo("TIMED_OUT");
            assertThat(statements.get()).as("read again").isEqualTo(1);
        } finally {
            step.commit();
        }
    }

    /**
     * A deadline on another instance writes the saga between this instance's read of it and its
     * write: this instance's step fails as a whole instead of overwriting it, and its retry reads the
     * stored saga.
     */
    @Test
    void aWriteByAnotherInstanceFailsTheStepWhoseRetryReadsTheStoredSaga() throws Exception {
        String id = UUID.randomUUID().toString();
        AssociationValue order = order(id);
        BatchedSagaStore here = batched();
        BatchedSagaStore there = batched();
        started(here, id, "AUTHORIZING");

        DefaultUnitOfWork<?> step = DefaultUnitOfWork.startAndGet(null);
        assertThat(here.findSagas(TestSaga.class, order)).containsExactly(id);
        assertThat(here.<TestSaga>loadSaga(TestSaga.class, id).saga().step).isEqualTo("AUTHORIZING");
        java.util.concurrent.ExecutorService otherInstance = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            otherInstance
                    .submit(() -> inUnitOfWork(() -> {
                        assertThat(there.<TestSaga>loadSaga(TestSaga.class, id).saga().step)
                                .isEqualTo("AUTHORIZING");
                        there.updateSaga(
                                TestSaga.class, id, saga("TIMED_OUT"), new AssociationValuesImpl(Set.of(order)));
                    }))
                    .get();
        } finally {
            otherInstance.shutdownNow();
        }
        assertThatThrownBy(() -> here.updateSaga(
                        TestSaga.class, id, saga("CONFIRMING"), new AssociationValuesImpl(Set.of(order))))
                .isInstanceOf(ConcurrencyException.class);
        step.rollback();
        assertThat(axons().<TestSaga>loadSaga(TestSaga.class, id).saga().step).isEqualTo("TIMED_OUT");

        statements.set(0);
        stepped(here, id, "TIMED_OUT", "REJECTING");
        assertThat(statements.get()).as("the retry's lookup and update").isEqualTo(2);
        assertThat(axons().<TestSaga>loadSaga(TestSaga.class, id).saga().step).isEqualTo("REJECTING");
    }

    /** A saga is looked up in the store at every step: a lookup that reads it too, and the update. */
    @Test
    void aSagaIsReadAtEveryStepInOneStatement() {
        String id = UUID.randomUUID().toString();
        BatchedSagaStore store = batched();
        started(store, id, "RESERVING");
        stepped(store, id, "RESERVING", "AUTHORIZING");
        statements.set(0);
        stepped(store, id, "AUTHORIZING", "CONFIRMING");
        assertThat(statements.get())
                .as("the lookup, which reads the saga too, and the update")
                .isEqualTo(2);
    }

    /** A saga started as a step starts one: its association looked up, then the saga inserted. */
    private static void started(BatchedSagaStore store, String id, String step) {
        AssociationValue order = order(id);
        inUnitOfWork(() -> {
            assertThat(store.findSagas(TestSaga.class, order)).isEmpty();
            store.insertSaga(TestSaga.class, id, saga(step), Set.of(order));
        });
    }

    /** A step of a started saga: found by its association, loaded at {@code from}, left at {@code to}. */
    private static void stepped(BatchedSagaStore store, String id, String from, String to) {
        AssociationValue order = order(id);
        inUnitOfWork(() -> {
            assertThat(store.findSagas(TestSaga.class, order)).containsExactly(id);
            assertThat(store.<TestSaga>loadSaga(TestSaga.class, id).saga().step).isEqualTo(from);
            store.updateSaga(TestSaga.class, id, saga(to), new AssociationValuesImpl(Set.of(order)));
        });
    }

    /** The order a test saga of this id is associated with. */
    private static AssociationValue order(String id) {
        return new AssociationValue("orderId", "ord_" + id);
    }

    private static TestSaga saga(String step) {
        TestSaga saga = new TestSaga();
        saga.step = step;
        return saga;
    }

    private static void inUnitOfWork(Runnable step) {
        DefaultUnitOfWork.startAndGet(null).execute(step);
    }

    /** A saga at {@code step}, associated with {@code order}, as the store keeps it. */
    private void storedSaga(String id, String step, AssociationValue order) {
        TestSaga saga = new TestSaga();
        saga.step = step;
        batched().insertSaga(TestSaga.class, id, saga, Set.of(order));
    }

    /** The saga tables as the services name them, in this test's schema. */
    private static SagaSchema sagaSchema() {
        return ProcessingConfiguration.sagaSchema(database.schema() + ".");
    }

    private BatchedSagaStore batched() {
        return new BatchedSagaStore(
                () -> CountingConnections.open(dataSource, statements),
                serializer,
                sagaSchema(),
                JdbcSagaStore.builder().sqlSchema(new PostgresSagaSqlSchema(sagaSchema())));
    }

    private JdbcSagaStore axons() {
        return JdbcSagaStore.builder()
                .connectionProvider(dataSource::getConnection)
                .serializer(serializer)
                .sqlSchema(new PostgresSagaSqlSchema(sagaSchema()))
                .build();
    }
}

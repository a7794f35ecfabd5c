package io.tally.bench.peer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.tally.domain.privacy.PersonalDataVault;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.MapperFeature;

/**
 * Axon's JDBC components as Axon's reference guide sets them up for PostgreSQL, each with its
 * default settings and tables ({@code createSchema}): the event store, tokens, sagas. Declared
 * here because under Spring Boot 4 Axon's own JDBC auto-configuration runs before Boot's
 * DataSource exists (../shared/STACK-NOTES.md); nothing of Tally's is added.
 */
@Configuration
class PeerConfiguration {

    static final String SCHEMA = "tally_peer";

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            @Qualifier("eventSerializer") Serializer events,
            ConnectionProvider connections,
            TransactionManager transactions) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .eventSerializer(events)
                .snapshotSerializer(snapshotSerializer())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
    }

    /**
     * The aggregates keep their state in private fields without getters, so snapshots need Jackson
     * to read fields (Axon's default serializer would fail on the first snapshot, as Tally's did).
     */
    private static Serializer snapshotSerializer() {
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder.enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                        .changeDefaultVisibility(visibility -> visibility
                                .withFieldVisibility(JsonAutoDetect.Visibility.ANY)
                                .withGetterVisibility(JsonAutoDetect.Visibility.NONE)
                                .withIsGetterVisibility(JsonAutoDetect.Visibility.NONE)
                                .withSetterVisibility(JsonAutoDetect.Visibility.NONE)))
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TransactionManager transactions) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .build();
        transactions.executeInTransaction(() -> store.createSchema(PostgresTokenTableFactory.INSTANCE));
        return store;
    }

    @Bean
    SagaStore<Object> sagaStore(
            ConnectionProvider connections, Serializer serializer, TransactionManager transactions) {
        JdbcSagaStore store = JdbcSagaStore.builder()
                .connectionProvider(connections)
                .sqlSchema(new PostgresSagaSqlSchema())
                .serializer(serializer)
                .build();
        transactions.executeInTransaction(() -> {
            try {
                store.createSchema();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("creating the saga tables", e);
            }
        });
        return store;
    }

    /** The inventory item's snapshots, as Tally's: its stream grows with every order. */
    @Bean
    SnapshotTriggerDefinition inventorySnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 50);
    }

    /** Axon's default for the caches Tally's aggregates name: none (caching them is one of Tally's extras). */
    @Bean(name = {"orderCache", "paymentCache", "inventoryCache"})
    Cache noCache() {
        return NoCache.INSTANCE;
    }

    /** Personal data in the clear: sealing it is one of Tally's extras. */
    @Bean
    PersonalDataVault personalDataVault() {
        return (customerId, values) -> values;
    }
}

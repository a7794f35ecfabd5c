package io.tally.axon.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.axon.Departure;
import io.tally.axon.TallyAxonProperties;
import io.tally.axon.audit.HashChainAppender;
import io.tally.axon.audit.Seals;
import io.tally.axon.audit.SnapshotBinding;
import io.tally.domain.payment.PaymentDeclinedUpcaster;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.MapperFeature;

/**
 * The event store on PostgreSQL: its schema (migrated here), Axon's JDBC storage engine with the
 * hash chain on every append, Spring's transactions and connections, snapshots and upcasters.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Events read per query, Axon's default. */
    private static final int BATCH = 100;

    @Bean
    EventStoreSchema eventStoreSchema(DataSource dataSource, TallyAxonProperties properties) {
        return EventStoreSchema.migrate(dataSource, properties);
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    EventSchema eventSchema(TallyAxonProperties properties) {
        return eventSchema(properties.eventTable(""));
    }

    /** The event store's tables in a schema ({@code prefix} is {@code "schema."}), columns as its migrations name them. */
    public static EventSchema eventSchema(String prefix) {
        return EventSchema.builder()
                .eventTable(prefix + "domain_event_entry")
                .snapshotTable(prefix + "snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    AuthenticatingStorageEngine eventStorageEngine(
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema,
            EventStoreSchema migratedSchema,
            SnapshotBinding snapshots,
            TallyAxonProperties properties,
            org.springframework.beans.factory.ObjectProvider<io.tally.axon.audit.EventMac> mac) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(snapshotSerializer())
                .appendSnapshot(snapshots)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter().combine(snapshots))
                .persistenceExceptionResolver(new UniqueViolationResolver())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .dataType(String.class)
                .appendEvents(new HashChainAppender(mac.getIfAvailable()));
        AuthenticatingStorageEngine engine = new AuthenticatingStorageEngine(
                builder, BATCH, transactionManager, eventSchema, properties.departs(Departure.TAIL_READS));
        // where the append key is (command-side), no aggregate is built from an event it did not append
        engine.authenticateWith(mac.getIfAvailable());
        return engine;
    }

    /** Snapshots bound to the hash chain and signed; one that is not is ignored, counted and logged. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    SnapshotBinding snapshotBinding(
            Seals seals, DataSource dataSource, TallyAxonProperties properties, MeterRegistry meters) {
        return new SnapshotBinding(seals, dataSource, properties.eventSchema(), meters);
    }

    /**
     * Snapshots hold an aggregate's own fields (they have no getters), as readable JSON like the
     * events. A snapshot is a cache: deleting every row of {@code snapshot_event_entry} is always
     * safe, the next load replays the events and snapshots again; one that does not match the chain
     * is ignored ({@link SnapshotBinding}).
     */
    public static Serializer snapshotSerializer() {
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder.enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                        .changeDefaultVisibility(visibility -> visibility
                                .withFieldVisibility(JsonAutoDetect.Visibility.ANY)
                                .withGetterVisibility(JsonAutoDetect.Visibility.NONE)
                                .withIsGetterVisibility(JsonAutoDetect.Visibility.NONE)
                                .withSetterVisibility(JsonAutoDetect.Visibility.NONE)))
                .build();
    }

    /**
     * The query side learns of events another process appended by polling; Axon's default of one
     * second would be the floor of every projection's lag.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    AppendAwareEventStore eventStore(
            AuthenticatingStorageEngine storageEngine,
            org.axonframework.config.Configuration configuration,
            TallyAxonProperties properties) {
        return new AppendAwareEventStore(
                EmbeddedEventStore.builder()
                        .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                        .spanFactory(configuration.getComponent(EventBusSpanFactory.class)),
                storageEngine,
                Duration.ofMillis(properties.fetchDelayMillis()),
                Duration.ofMillis(properties.tailReadGapMillis()));
    }

    /**
     * Every upcaster, in the order they run: older revisions of events brought to their current shape
     * when read (never when stored). The event catalog's test runs each old revision's examples through
     * these (docs/events/).
     */
    public static List<org.axonframework.serialization.upcasting.event.EventUpcaster> upcasters() {
        return List.of(new PaymentDeclinedUpcaster());
    }

    @Bean
    ConfigurerModule eventUpcasters() {
        return configurer -> upcasters().forEach(upcaster -> configurer.registerEventUpcaster(c -> upcaster));
    }
}

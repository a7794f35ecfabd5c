package io.tally.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires Axon to PostgreSQL through the JDBC storage engine. It runs after Boot's DataSource and
 * transaction auto-configuration and before Axon's own, so Axon finds these beans and backs off
 * (without the ordering, Axon silently falls back to a no-op transaction manager under Boot 4).
 * With {@code axon.axonserver.enabled=true} the event store and buses come from Axon Server instead;
 * tokens and sagas stay in PostgreSQL.
 */
@AutoConfiguration(
        after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class},
        beforeName = {
                "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.JpaAutoConfiguration",
                "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration",
                "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration",
                "org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration"})
@EnableConfigurationProperties(TallyAxonProperties.class)
public class TallyAxonAutoConfiguration {

    /**
     * Axon's tokens name their nested token's class ({@code ReplayToken.context} is typed Object),
     * which Jackson 3 refuses by default; allow Axon's and Tally's own types, nothing else.
     */
    @Bean
    Jackson3SerializerCustomizer axonPolymorphicTypes() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                                                                                       .allowIfSubType("org.axonframework.")
                                                                                       .allowIfSubType("io.tally.")
                                                                                       .build());
    }

    @Bean
    EventStoreSchema eventStoreSchema(DataSource dataSource, TallyAxonProperties properties) {
        return EventStoreSchema.migrate(dataSource, properties.eventSchema());
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
        return EventSchema.builder()
                          .eventTable(properties.eventTable("domain_event_entry"))
                          .snapshotTable(properties.eventTable("snapshot_event_entry"))
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
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          EventStoreSchema migratedSchema) {
        return JdbcEventStorageEngine.builder()
                                     .snapshotSerializer(snapshotSerializer())
                                     .eventSerializer(eventSerializer)
                                     .upcasterChain(configuration.upcasterChain())
                                     .snapshotFilter(configuration.snapshotFilter())
                                     .persistenceExceptionResolver(new UniqueViolationResolver())
                                     .connectionProvider(connectionProvider)
                                     .transactionManager(transactionManager)
                                     .schema(eventSchema)
                                     .dataType(String.class)
                                     .appendEvents(new HashChainAppender())
                                     .build();
    }

    /**
     * Snapshots hold an aggregate's own fields (they have no getters), as readable JSON like the
     * events. A snapshot is a cache: deleting every row of {@code snapshot_event_entry} is always
     * safe, the next load replays the events and snapshots again.
     */
    public static Serializer snapshotSerializer() {
        return Jackson3Serializer.builder()
                                 .jsonMapperBuilderCustomizer(builder -> builder
                                         .enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                                         .changeDefaultVisibility(
                                         visibility -> visibility.withFieldVisibility(JsonAutoDetect.Visibility.ANY)
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
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  TallyAxonProperties properties) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .fetchDelay(properties.fetchDelayMillis())
                                 .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                 .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                                 .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          TallyAxonProperties properties) {
        return new SkippedEventsTokenStore(JdbcTokenStore.builder()
                             .connectionProvider(connectionProvider)
                             .serializer(serializer)
                             .schema(TokenSchema.builder()
                                                .setTokenTable(properties.serviceTable("token_entry"))
                                                .setProcessorNameColumn("processor_name")
                                                .setTokenTypeColumn("token_type")
                                                .build())
                             .build(), System::nanoTime);
    }

    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer,
                                TallyAxonProperties properties) {
        SagaSchema schema = SagaSchema.builder()
                                      .sagaEntryTable(properties.serviceTable("saga_entry"))
                                      .associationValueEntryTable(properties.serviceTable("association_value_entry"))
                                      .sagaIdColumn("saga_id")
                                      .sagaTypeColumn("saga_type")
                                      .serializedSagaColumn("serialized_saga")
                                      .associationKeyColumn("association_key")
                                      .associationValueColumn("association_value")
                                      .build();
        return JdbcSagaStore.builder()
                            .connectionProvider(connectionProvider)
                            .sqlSchema(new PostgresSagaSqlSchema(schema))
                            .serializer(serializer)
                            .build();
    }

    @Bean
    DeadLetterSchema deadLetterSchema(TallyAxonProperties properties) {
        return DeadLetterSchema.builder()
                               .deadLetterTable(properties.serviceTable("dead_letter_entry"))
                               .deadLetterIdentifierColumn("dead_letter_id")
                               .processingGroupColumn("processing_group")
                               .sequenceIdentifierColumn("sequence_identifier")
                               .sequenceIndexColumn("sequence_index")
                               .messageTypeColumn("message_type")
                               .eventIdentifierColumn("event_identifier")
                               .timestampColumn("time_stamp")
                               .payloadTypeColumn("payload_type")
                               .payloadRevisionColumn("payload_revision")
                               .metaDataColumn("meta_data")
                               .aggregateTypeColumn("aggregate_type")
                               .aggregateIdentifierColumn("aggregate_identifier")
                               .sequenceNumberColumn("sequence_number")
                               .tokenTypeColumn("token_type")
                               .enqueuedAtColumn("enqueued_at")
                               .lastTouchedColumn("last_touched")
                               .processingStartedColumn("processing_started")
                               .causeTypeColumn("cause_type")
                               .causeMessageColumn("cause_message")
                               .build();
    }

    /** Seals of the global log; signing needs {@code tally.audit.seal-private-key}, checking the public key. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    Seals seals(DataSource dataSource, TallyAxonProperties properties,
                @org.springframework.beans.factory.annotation.Value("${tally.audit.seal-private-key:}") String privateKey,
                @org.springframework.beans.factory.annotation.Value("${tally.audit.seal-public-key:}") String publicKey,
                @org.springframework.beans.factory.annotation.Value("${tally.audit.seal-settle:PT10S}")
                java.time.Duration settle) {
        org.springframework.core.io.DefaultResourceLoader resources = new org.springframework.core.io.DefaultResourceLoader();
        return new Seals(dataSource, properties.eventSchema(),
                privateKey.isBlank() ? null : resources.getResource(privateKey),
                publicKey.isBlank() ? null : resources.getResource(publicKey), settle);
    }

    /** Older revisions of events, brought to their current shape when read (never when stored). */
    @Bean
    ConfigurerModule eventUpcasters() {
        return configurer -> configurer.registerEventUpcaster(c -> new PaymentDeclinedUpcaster());
    }

    /** Several instances of a service split each processor's segments between them. */
    @Bean
    SegmentBalancer segmentBalancer(org.axonframework.config.EventProcessingConfiguration processing,
                                    DataSource dataSource, TallyAxonProperties properties) {
        return new SegmentBalancer(processing, dataSource, properties.serviceSchema());
    }

    /** Customers' data keys: sealing personal data into events, opening it, destroying it. */
    @Bean
    PersonalData personalData(DataSource dataSource, TallyAxonProperties properties, EventStoreSchema migrated) {
        return new PersonalData(dataSource, properties.eventSchema());
    }

    @Bean
    CorrelationDataProvider causationCorrelationDataProvider() {
        return new CausationCorrelationDataProvider();
    }

    /**
     * A handler that throws fails its batch, which the processor retries with back-off, instead of
     * Axon's default of logging the error and moving on as if the event had been handled.
     */
    @Bean
    ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                                       .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /** The gateway every controller and saga sends through; retries lost concurrency races. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                                    .commandBus(commandBus)
                                    .retryScheduler(new ConcurrencyRetryScheduler(retries, 10))
                                    .build();
    }

    @Bean
    RequestMetadataInterceptor requestMetadataInterceptor() {
        return new RequestMetadataInterceptor();
    }
}

package io.tally.axon.processing;

import io.tally.axon.ConditionalOnDeparture;
import io.tally.axon.Departure;
import io.tally.axon.TallyAxonProperties;
import io.tally.axon.sagas.BatchedSagaStore;
import io.tally.axon.segments.SegmentBalancer;
import io.tally.axon.segments.SegmentClaims;
import io.tally.axon.tokens.DeferredTokenStore;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event processors and what they keep in each service's own schema: tokens, sagas, dead letters,
 * the instances that split segments, and how a failing handler is treated.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    /** The segment claims of this process, counted by the token store. */
    @Bean
    SegmentClaims segmentClaims() {
        return new SegmentClaims();
    }

    @Bean
    TokenStore tokenStore(
            ConnectionProvider connectionProvider,
            Serializer serializer,
            TallyAxonProperties properties,
            SegmentClaims claims) {
        return new DeferredTokenStore(
                JdbcTokenStore.builder()
                        .connectionProvider(connectionProvider)
                        .serializer(serializer)
                        .schema(TokenSchema.builder()
                                .setTokenTable(properties.serviceTable("token_entry"))
                                .setProcessorNameColumn("processor_name")
                                .setTokenTypeColumn("token_type")
                                .build())
                        .build(),
                System::nanoTime,
                properties.idempotentProcessors(),
                properties.departs(Departure.DEFERRED_TOKENS) ? DeferredTokenStore.DEFER_NANOS : 0,
                claims);
    }

    @Bean
    SagaStore<Object> sagaStore(
            ConnectionProvider connectionProvider, Serializer serializer, TallyAxonProperties properties) {
        SagaSchema schema = sagaSchema(properties.serviceTable(""));
        if (!properties.departs(Departure.SAGA_STATEMENTS)) {
            return JdbcSagaStore.builder()
                    .connectionProvider(connectionProvider)
                    .serializer(serializer)
                    .sqlSchema(new PostgresSagaSqlSchema(schema))
                    .build();
        }
        return new BatchedSagaStore(
                connectionProvider,
                serializer,
                schema,
                JdbcSagaStore.builder().sqlSchema(new PostgresSagaSqlSchema(schema)));
    }

    /**
     * The saga tables of a service's schema ({@code prefix} is {@code "schema."}), their columns as
     * command-side's migrations name them: Axon's store and {@link BatchedSagaStore} both use it.
     */
    public static SagaSchema sagaSchema(String prefix) {
        return SagaSchema.builder()
                .sagaEntryTable(prefix + "saga_entry")
                .associationValueEntryTable(prefix + "association_value_entry")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .serializedSagaColumn("serialized_saga")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
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

    /** Several instances of a service split each processor's segments between them. */
    @Bean
    @ConditionalOnDeparture(Departure.SEGMENT_BALANCER)
    SegmentBalancer segmentBalancer(
            EventProcessingConfiguration processing, DataSource dataSource, TallyAxonProperties properties) {
        return new SegmentBalancer(processing, dataSource, properties.serviceSchema());
    }

    /**
     * A handler that throws fails its batch, which the processor retries with back-off, instead of
     * Axon's default of logging the error and moving on as if the event had been handled.
     */
    @Bean
    ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}

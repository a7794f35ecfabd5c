package io.tally.command.fulfillment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tally.command.fulfillment.FulfillmentProperties;
import io.tally.command.fulfillment.OrderFulfillmentSaga;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(FulfillmentProperties.class)
class FulfillmentConfiguration {

    /** The aggregates seal personal data with the customers' keys in PostgreSQL. */
    @Bean
    io.tally.domain.privacy.PersonalDataVault personalDataVault(io.tally.axon.privacy.PersonalData personalData) {
        return personalData::seal;
    }

    /**
     * An inventory item lives as long as its SKU is sold and every order reserves on it, so its
     * stream grows without end; after this many events loaded, Axon stores a snapshot and the next
     * load reads the snapshot plus the events after it. Orders and payments stay short and have none.
     */
    @Bean
    SnapshotTriggerDefinition inventorySnapshotTrigger(Snapshotter snapshotter,
                                                       @Value("${tally.snapshots.inventory-threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    static final String SAGA_PROCESSOR = "OrderFulfillmentSagaProcessor";

    /**
     * The fulfillment saga's events each go to the one segment their order id falls in
     * ({@link AssociationRoutedSagaManager}); every handler of the saga associates by order id.
     * Registered after Axon's Spring module has registered the saga, which this replaces; the
     * saga's repository and store stay Axon's defaults.
     */
    @Bean
    ConfigurerModule fulfillmentSagaRouting() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing().registerSaga(OrderFulfillmentSaga.class,
                        saga -> saga.configureSagaManager(FulfillmentConfiguration::sagaManager));
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    private static AbstractSagaManager<OrderFulfillmentSaga> sagaManager(org.axonframework.config.Configuration config) {
        EventProcessingConfiguration processing = config.eventProcessingConfiguration();
        AnnotatedSagaManager.Builder<OrderFulfillmentSaga> builder = AnnotatedSagaManager.builder();
        builder.sagaType(OrderFulfillmentSaga.class)
               .sagaRepository(processing.sagaConfiguration(OrderFulfillmentSaga.class).repository())
               .parameterResolverFactory(config.parameterResolverFactory())
               .handlerDefinition(config.handlerDefinition(OrderFulfillmentSaga.class))
               .listenerInvocationErrorHandler(processing.listenerInvocationErrorHandler(SAGA_PROCESSOR))
               .spanFactory(config.getComponent(SagaManagerSpanFactory.class));
        return new AssociationRoutedSagaManager<>(builder);
    }

    @Bean
    ConfigurerModule sagaErrorHandling(MeterRegistry meters) {
        SagaErrorHandler handler = new SagaErrorHandler(meters);
        return configurer -> configurer.eventProcessing()
                                       .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, config -> handler);
    }
}

package io.tally.command.fulfillment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tally.axon.ConditionalOnDeparture;
import io.tally.axon.Departure;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order fulfillment saga's wiring: its properties, the routing of its events to one segment
 * per order, and what a failing step does.
 */
@Configuration
@EnableConfigurationProperties(FulfillmentProperties.class)
class FulfillmentConfiguration {

    static final String SAGA_PROCESSOR = "OrderFulfillmentSagaProcessor";

    /**
     * The fulfillment saga's events each go to the one segment their order id falls in
     * ({@link AssociationRoutedSagaManager}); every handler of the saga associates by order id.
     * Registered after Axon's Spring module has registered the saga, which this replaces; the
     * saga's repository and store stay as configured ({@code tally.axon.stock: saga-routing} keeps
     * Axon's own manager).
     */
    @Bean
    @ConditionalOnDeparture(Departure.SAGA_ROUTING)
    ConfigurerModule fulfillmentSagaRouting() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer
                        .eventProcessing()
                        .registerSaga(
                                OrderFulfillmentSaga.class,
                                saga -> saga.configureSagaManager(FulfillmentConfiguration::sagaManager));
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    private static AbstractSagaManager<OrderFulfillmentSaga> sagaManager(
            org.axonframework.config.Configuration config) {
        EventProcessingConfiguration processing = config.eventProcessingConfiguration();
        AnnotatedSagaManager.Builder<OrderFulfillmentSaga> builder = AnnotatedSagaManager.builder();
        builder.sagaType(OrderFulfillmentSaga.class)
                .sagaRepository(
                        processing.sagaConfiguration(OrderFulfillmentSaga.class).repository())
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(OrderFulfillmentSaga.class))
                .listenerInvocationErrorHandler(processing.listenerInvocationErrorHandler(SAGA_PROCESSOR))
                .spanFactory(config.getComponent(SagaManagerSpanFactory.class));
        return new AssociationRoutedSagaManager<>(builder);
    }

    @Bean
    ConfigurerModule sagaErrorHandling(MeterRegistry meters) {
        SagaErrorHandler handler = new SagaErrorHandler(meters);
        return configurer ->
                configurer.eventProcessing().registerListenerInvocationErrorHandler(SAGA_PROCESSOR, config -> handler);
    }
}

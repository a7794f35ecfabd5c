package io.tally.command.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tally.command.order.FulfilmentProperties;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(FulfilmentProperties.class)
class CommandSideConfiguration {

    /** The aggregates seal personal data with the customers' keys in PostgreSQL. */
    @Bean
    io.tally.command.PersonalDataVault personalDataVault(io.tally.axon.PersonalData personalData) {
        return personalData::seal;
    }

    static final String SAGA_PROCESSOR = "OrderFulfillmentSagaProcessor";

    @Bean
    ConfigurerModule sagaErrorHandling(MeterRegistry meters) {
        SagaErrorHandler handler = new SagaErrorHandler(meters);
        return configurer -> configurer.eventProcessing()
                                       .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, config -> handler);
    }
}

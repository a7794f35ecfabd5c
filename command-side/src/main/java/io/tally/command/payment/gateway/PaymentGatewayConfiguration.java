package io.tally.command.payment.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Which gateway command-side uses, and the payment processor's wiring. The gateway is explicit
 * configuration ({@code TALLY_GATEWAY_URL}, {@code TALLY_GATEWAY_API_KEY}; {@code ./tally up} points
 * them at its simulator), and the {@code production} profile refuses a test-mode key.
 */
@Configuration
@EnableConfigurationProperties(GatewayProperties.class)
class PaymentGatewayConfiguration {

    @Bean
    PaymentGateway paymentGateway(GatewayProperties properties, MeterRegistry meters, Environment environment) {
        if (properties.url() == null || properties.url().isBlank()) {
            throw new IllegalStateException("no payment gateway at tally.payments.gateway.url (TALLY_GATEWAY_URL):"
                    + " command-side needs a card processor; ./tally up starts a simulator (docs/payments.md)");
        }
        if (properties.apiKey() == null || properties.apiKey().isBlank()) {
            throw new IllegalStateException(
                    "no payment gateway key at tally.payments.gateway.api-key" + " (TALLY_GATEWAY_API_KEY)");
        }
        if (environment.acceptsProfiles(Profiles.of("production"))
                && properties.apiKey().startsWith("sk_test_")) {
            throw new IllegalStateException("the production profile refuses a test-mode gateway key (sk_test_...):"
                    + " set TALLY_GATEWAY_URL and TALLY_GATEWAY_API_KEY to the live processor");
        }
        return new HttpPaymentGateway(properties, meters);
    }

    /**
     * Four segments and threads, so one slow answer does not hold up the other payments; batches of
     * one, so a token never covers an answer not yet recorded; at the head of an existing log.
     */
    @Bean
    ConfigurerModule paymentGatewayProcessing() {
        return configurer -> configurer
                .eventProcessing()
                .registerTrackingEventProcessor(
                        PaymentGatewayProcessor.NAME,
                        org.axonframework.config.Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forParallelProcessing(4)
                                .andInitialSegmentsCount(4)
                                .andBatchSize(1)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }

    @Bean
    Reconciler paymentGatewayReconciler(PaymentOperations operations) {
        return new Reconciler(operations);
    }

    /** Asks the gateway again about operations left without an answer. */
    static final class Reconciler {

        private final PaymentOperations operations;

        Reconciler(PaymentOperations operations) {
            this.operations = operations;
        }

        @Scheduled(
                fixedDelayString = "${tally.payments.gateway.reconcile-every:PT5S}",
                initialDelayString = "${tally.payments.gateway.reconcile-every:PT5S}")
        void reconcile() {
            operations.reconcileDue();
        }
    }
}

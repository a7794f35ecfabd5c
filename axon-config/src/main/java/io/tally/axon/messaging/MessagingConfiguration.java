package io.tally.axon.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * How messages travel: who, when and why in every message's metadata, the command gateway with its
 * retries of lost concurrency races, and which types the serializer may name.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

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
    CorrelationDataProvider causationCorrelationDataProvider() {
        return new CausationCorrelationDataProvider();
    }

    /** The gateway every controller and saga sends through; retries lost concurrency races. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, MeterRegistry meters) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrencyRetryScheduler(retries, 10, meters))
                .build();
    }

    /**
     * Axon's own metrics (axon-micrometer), dimensional: every bus and handler counted and timed
     * with the message's payload type as a tag, into the service's registry (Prometheus). Event
     * processors, which see every event of the log, are counted per processor
     * ({@link ProcessorCounters}) and report their latency ({@code eventProcessor_latency}); they
     * are not timed per payload type nor measured for capacity, which cost a share of each
     * service's CPU (docs/benchmark-results.md, change 19). Configured here rather than by Axon's auto-configuration, which under Boot 4 is
     * ordered before Boot's registry and would make a SimpleMeterRegistry of its own.
     */
    @Bean
    ConfigurerModule axonMetrics(MeterRegistry meters) {
        GlobalMetricRegistry axon = new GlobalMetricRegistry(meters);
        return configurer ->
                configurer.configureMessageMonitor(configuration -> (componentType, componentName) -> anyMessage(
                        EventProcessor.class.isAssignableFrom(componentType)
                                ? processorMonitor(componentName, meters)
                                : axon.registerComponentWithDefaultTags(componentType, componentName)));
    }

    /** As Axon's own registry hands its monitors over: each is only given the messages of its component. */
    @SuppressWarnings("unchecked")
    private static MessageMonitor<Message<?>> anyMessage(MessageMonitor<?> monitor) {
        return (MessageMonitor<Message<?>>) monitor;
    }

    private static MessageMonitor<EventMessage<?>> processorMonitor(String processorName, MeterRegistry meters) {
        Tags tags = Tags.of("processorName", processorName);
        return new MultiMessageMonitor<EventMessage<?>>(List.of(
                new ProcessorCounters(processorName, meters),
                EventProcessorLatencyMonitor.builder()
                        .meterNamePrefix("eventProcessor")
                        .meterRegistry(meters)
                        .tagsBuilder(message -> tags)
                        .build()));
    }

    @Bean
    RequestMetadataInterceptor<CommandMessage<?>> requestMetadataInterceptor() {
        return new RequestMetadataInterceptor<>();
    }

    /** Events published outside any handler (an erasure) carry who published them too. */
    @Bean
    SmartInitializingSingleton eventMetadata(ObjectProvider<EventGateway> events) {
        return () ->
                events.ifAvailable(gateway -> gateway.registerDispatchInterceptor(new RequestMetadataInterceptor<>()));
    }
}

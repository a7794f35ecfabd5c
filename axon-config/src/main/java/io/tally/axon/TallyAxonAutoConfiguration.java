package io.tally.axon;

import io.tally.axon.audit.AuditConfiguration;
import io.tally.axon.eventstore.EventStoreConfiguration;
import io.tally.axon.messaging.MessagingConfiguration;
import io.tally.axon.privacy.PrivacyConfiguration;
import io.tally.axon.processing.ProcessingConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Wires Axon to PostgreSQL through the JDBC storage engine, one configuration class per concern.
 * It runs after Boot's DataSource and transaction auto-configuration and before Axon's own, so
 * Axon finds these beans and backs off (without the ordering, Axon silently falls back to a no-op
 * transaction manager under Boot 4). With {@code axon.axonserver.enabled=true} the event store and
 * buses come from Axon Server instead; tokens and sagas stay in PostgreSQL.
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
            "org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration"
        })
@EnableConfigurationProperties(TallyAxonProperties.class)
@Import({
    EventStoreConfiguration.class,
    AuditConfiguration.class,
    PrivacyConfiguration.class,
    ProcessingConfiguration.class,
    MessagingConfiguration.class
})
public class TallyAxonAutoConfiguration {}

package io.tally.axon.privacy;

import io.tally.axon.TallyAxonProperties;
import io.tally.axon.eventstore.EventStoreSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Customers' data keys: sealing personal data into events, opening it, destroying it. */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

    @Bean
    PersonalData personalData(DataSource dataSource, TallyAxonProperties properties, EventStoreSchema migrated) {
        return new PersonalData(dataSource, properties.eventSchema());
    }
}

package io.tally.axon.privacy;

import io.tally.axon.TallyAxonProperties;
import io.tally.axon.eventstore.EventStoreSchema;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

/** Customers' data keys: sealing personal data into events, opening it, destroying it. */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

    @Bean
    PersonalData personalData(
            DataSource dataSource, TallyAxonProperties properties, EventStoreSchema migrated, KeyEncryptionKey kek) {
        return new PersonalData(dataSource, properties.eventSchema(), kek);
    }

    /** The key that wraps the data keys, from outside PostgreSQL; a KMS-backed one replaces this bean. */
    @Bean
    @ConditionalOnMissingBean(KeyEncryptionKey.class)
    KeyEncryptionKey keyEncryptionKey(
            @Value("${tally.privacy.key-encryption-key:file:.tally/keys/personal-data-kek.key}") String location) {
        return LocalKeyEncryptionKey.from(location, new DefaultResourceLoader().getResource(location));
    }
}

package io.tally.command.customer;

import io.tally.axon.privacy.PersonalData;
import io.tally.domain.privacy.PersonalDataVault;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CustomerConfiguration {

    /** The aggregates seal customers' personal data with each customer's own key. */
    @Bean
    PersonalDataVault personalDataVault(PersonalData personalData) {
        return personalData::seal;
    }

    /** Data keys stored in clear by an earlier version are wrapped once, at start. */
    @Bean
    SmartInitializingSingleton wrapClearDataKeys(PersonalData personalData) {
        return () -> {
            int wrapped = personalData.wrapClearKeys();
            if (wrapped > 0) {
                LoggerFactory.getLogger(CustomerConfiguration.class)
                        .info("wrapped {} customer data keys stored in clear by an earlier version", wrapped);
            }
        };
    }
}

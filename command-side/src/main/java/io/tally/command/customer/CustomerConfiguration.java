package io.tally.command.customer;

import io.tally.axon.privacy.PersonalData;
import io.tally.domain.privacy.PersonalDataVault;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CustomerConfiguration {

    /** The aggregates seal customers' personal data with each customer's own key. */
    @Bean
    PersonalDataVault personalDataVault(PersonalData personalData) {
        return personalData::seal;
    }
}

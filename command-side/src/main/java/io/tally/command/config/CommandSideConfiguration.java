package io.tally.command.config;

import io.tally.command.order.FulfilmentProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(FulfilmentProperties.class)
class CommandSideConfiguration {
}

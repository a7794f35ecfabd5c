package io.tally.command.fulfillment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param paymentTimeout how long the saga waits for the gateway before it rejects the order */
@ConfigurationProperties("tally.orders")
public record FulfillmentProperties(Duration paymentTimeout) {

    public FulfillmentProperties {
        paymentTimeout = paymentTimeout == null ? Duration.ofSeconds(30) : paymentTimeout;
    }
}

package io.tally.command.payment.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which card processor command-side talks to ({@code tally.payments.gateway.*}); there is no
 * default URL, so a deployment names its gateway. {@code apiKey} starting {@code sk_test_} is a
 * test-mode key, which the {@code production} profile refuses.
 */
@ConfigurationProperties("tally.payments.gateway")
public record GatewayProperties(
        String url,
        String apiKey,
        Duration connectTimeout,
        Duration timeout,
        int attempts,
        Duration backoff,
        Duration openFor,
        Duration reconcileEvery) {

    public GatewayProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        attempts = attempts <= 0 ? 3 : attempts;
        backoff = backoff == null ? Duration.ofMillis(200) : backoff;
        openFor = openFor == null ? Duration.ofSeconds(10) : openFor;
        reconcileEvery = reconcileEvery == null ? Duration.ofSeconds(5) : reconcileEvery;
    }
}

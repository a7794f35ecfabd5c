package io.tally.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tally's own security settings; which tokens are accepted is Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} ({@link TokenDecoders}).
 *
 * @param devMode      the embedded default ({@code TALLY_DEV_MODE=true}, set by {@code ./tally up} and the
 *                     tests): tokens of {@link TokenDecoders#DEV_ISSUER} signed by the key under
 *                     {@code .tally/keys}; never set in a deployment
 * @param maxBodyBytes request bodies above this size are refused with 413
 */
@ConfigurationProperties("tally.security")
public record TallySecurityProperties(boolean devMode, Long maxBodyBytes) {

    public TallySecurityProperties {
        maxBodyBytes = maxBodyBytes == null ? 1_048_576L : maxBodyBytes;
    }
}

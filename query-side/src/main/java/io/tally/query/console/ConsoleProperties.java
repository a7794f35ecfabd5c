package io.tally.query.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The console's settings ({@code tally.console.*}).
 *
 * @param authorizationUrl the identity provider's authorization endpoint, as people's browsers reach it
 *                         (empty: no sign-in through an identity provider)
 * @param tokenUrl         its token endpoint, as the query side reaches it
 * @param clientId         the public client people sign in with (authorization code + PKCE)
 * @param devSession       how long a dev-mode session lasts (dev mode only)
 * @param devSecret        what the dev sign-in asks for (dev mode only; {@code ./tally up} makes one
 *                         and prints it); empty: no dev sign-in, whoever reaches the console
 */
@ConfigurationProperties("tally.console")
public record ConsoleProperties(String authorizationUrl, String tokenUrl, String clientId, Duration devSession,
                                String devSecret) {

    public ConsoleProperties {
        clientId = clientId == null || clientId.isBlank() ? "tally-console" : clientId;
        devSession = devSession == null ? Duration.ofHours(8) : devSession;
        devSecret = devSecret == null ? "" : devSecret.trim();
    }

    /** Whether {@code given} is the dev sign-in secret (compared in constant time); never without one. */
    public boolean devSecretMatches(String given) {
        return !devSecret.isEmpty() && given != null && java.security.MessageDigest.isEqual(
                devSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether people sign in through the identity provider. */
    public boolean identityProvider() {
        return authorizationUrl != null && !authorizationUrl.isBlank() && tokenUrl != null && !tokenUrl.isBlank();
    }
}

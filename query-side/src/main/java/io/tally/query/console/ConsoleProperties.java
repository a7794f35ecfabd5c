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
 */
@ConfigurationProperties("tally.console")
public record ConsoleProperties(String authorizationUrl, String tokenUrl, String clientId, Duration devSession) {

    public ConsoleProperties {
        clientId = clientId == null || clientId.isBlank() ? "tally-console" : clientId;
        devSession = devSession == null ? Duration.ofHours(8) : devSession;
    }

    /** Whether people sign in through the identity provider. */
    public boolean identityProvider() {
        return authorizationUrl != null && !authorizationUrl.isBlank() && tokenUrl != null && !tokenUrl.isBlank();
    }
}

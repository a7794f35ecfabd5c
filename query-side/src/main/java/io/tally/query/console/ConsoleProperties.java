package io.tally.query.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 * @param publicUrl        the console's origin as people's browsers reach it (scheme, host, port;
 *                         {@code TALLY_PUBLIC_URL}): the sign-in's redirect URI is built from it, never
 *                         from the request's {@code Host} header (issue 34, point 10)
 */
@ConfigurationProperties("tally.console")
public record ConsoleProperties(
        String authorizationUrl,
        String tokenUrl,
        String clientId,
        Duration devSession,
        String devSecret,
        String publicUrl) {

    public ConsoleProperties {
        clientId = clientId == null || clientId.isBlank() ? "tally-console" : clientId;
        devSession = devSession == null ? Duration.ofHours(8) : devSession;
        devSecret = devSecret == null ? "" : devSecret.trim();
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8081" : publicUrl.trim();
        java.net.URI origin = java.net.URI.create(publicUrl);
        if (!("http".equals(origin.getScheme()) || "https".equals(origin.getScheme()))
                || origin.getHost() == null
                || (origin.getPath() != null
                        && !origin.getPath().isEmpty()
                        && !origin.getPath().equals("/"))
                || origin.getQuery() != null
                || origin.getFragment() != null
                || origin.getUserInfo() != null) {
            throw new IllegalArgumentException("tally.console.public-url (TALLY_PUBLIC_URL) must be an origin such as"
                    + " https://tally.example.com, not " + publicUrl);
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** Whether {@code given} is the dev sign-in secret (compared in constant time); never without one. */
    public boolean devSecretMatches(String given) {
        return !devSecret.isEmpty()
                && given != null
                && java.security.MessageDigest.isEqual(
                        devSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        given.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether people sign in through the identity provider. */
    public boolean identityProvider() {
        return authorizationUrl != null && !authorizationUrl.isBlank() && tokenUrl != null && !tokenUrl.isBlank();
    }
}

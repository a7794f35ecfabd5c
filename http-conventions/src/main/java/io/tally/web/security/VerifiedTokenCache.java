package io.tally.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens that passed the signature and claim checks, by their exact text, for at most
 * {@link #HOLD}: an app sends the same bearer token with every request, and checking its RSA
 * signature again each time was the command side's largest single cost under load
 * (docs/benchmark-results.md). A remembered token is still refused once it expires (same 60 s clock skew as the
 * checks it skipped); tokens that fail are never remembered. A key withdrawn from the issuer's key
 * set stops a token it signed within {@link #HOLD}.
 */
public final class VerifiedTokenCache implements JwtDecoder {

    static final Duration HOLD = Duration.ofSeconds(60);
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final int MAX_TOKENS = 10_000;

    private record Verified(Jwt jwt, Instant until) {}

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokenCache(JwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.until())) {
            Instant expires = known.jwt().getExpiresAt();
            if (expires != null && !now.isBefore(expires.plus(SKEW))) {
                verified.remove(token);
                throw new JwtValidationException(
                        "Jwt expired at " + expires,
                        List.of(new OAuth2Error("invalid_token", "Jwt expired at " + expires, null)));
            }
            return known.jwt();
        }
        Jwt jwt = delegate.decode(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, now.plus(HOLD)));
        return jwt;
    }
}

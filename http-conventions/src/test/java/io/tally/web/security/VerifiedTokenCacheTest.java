package io.tally.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final AtomicInteger checks = new AtomicInteger();
    private final MutableClock clock = new MutableClock();

    private final JwtDecoder checking = token -> {
        checks.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("signature");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("app")
                .issuedAt(T0)
                .expiresAt(T0.plus(Duration.ofMinutes(5)))
                .build();
    };

    @Test
    void aTokenIsCheckedOnceWhileRemembered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(checking, clock);
        assertThat(cache.decode("good").getSubject()).isEqualTo("app");
        clock.now = T0.plusSeconds(30);
        assertThat(cache.decode("good").getSubject()).isEqualTo("app");
        assertThat(checks).hasValue(1);
        clock.now = T0.plus(VerifiedTokenCache.HOLD).plusSeconds(1);
        cache.decode("good");
        assertThat(checks).as("checked again after the hold").hasValue(2);
        cache.decode("other");
        assertThat(checks).as("another token is checked").hasValue(3);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(checking, clock);
        assertThatThrownBy(() -> cache.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(2);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        VerifiedTokenCache cache = new VerifiedTokenCache(checking, clock);
        clock.now = T0.plus(Duration.ofMinutes(5)).plusSeconds(30);
        cache.decode("good");
        clock.now = T0.plus(Duration.ofMinutes(6)).plusSeconds(1);
        assertThatThrownBy(() -> cache.decode("good"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(checks).hasValue(1);
    }

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

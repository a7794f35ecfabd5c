package io.tally.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** A console session lasts as long as the token it was signed in with, and not a request longer. */
class SessionExpiryTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private final ConsoleSecurityConfiguration.SessionExpiry expiry =
            new ConsoleSecurityConfiguration.SessionExpiry(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void beforeTheTokenExpiresTheRequestGoesOn() throws Exception {
        signedInUntil(NOW.plusSeconds(1));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/orders");
        MockHttpSession session = new MockHttpSession();
        request.setSession(session);
        MockFilterChain chain = new MockFilterChain();
        expiry.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(session.isInvalid()).isFalse();
    }

    @Test
    void whenTheTokenExpiresTheSessionEndsAndThePersonSignsInAgain() throws Exception {
        signedInUntil(NOW);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/orders");
        MockHttpSession session = new MockHttpSession();
        request.setSession(session);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        expiry.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the page is not served").isNull();
        assertThat(session.isInvalid()).isTrue();
        assertThat(response.getRedirectedUrl()).isEqualTo("/console/sign-in?expired");
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void aSessionWithoutAnExpiryIsTreatedAsExpired() {
        assertThat(new ConsoleUser("x", "x", java.util.Set.of(), null).expired(NOW))
                .isTrue();
    }

    private static void signedInUntil(Instant exp) {
        SecurityContextHolder.getContext()
                .setAuthentication(ConsoleUser.authentication(
                        Map.of(ConsoleUser.NAME, "analyst", ConsoleUser.EXPIRES, exp),
                        List.of(new SimpleGrantedAuthority("ROLE_ANALYST")),
                        "dev"));
    }
}

package io.tally.query.console;

import static io.tally.web.security.TallyHttpSecurity.ANALYST;
import static io.tally.web.security.TallyHttpSecurity.AUDITOR;
import static io.tally.web.security.TallyHttpSecurity.OPS;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own security chain, ahead of the API's: a session (the API stays stateless),
 * CSRF tokens on every form, sign-in at {@code /console/sign-in}, and the API's role matrix on
 * the pages: analysts the order and analytics pages, auditors the audit pages, operators the
 * projections. Signed in through the identity provider, the access token is checked exactly as the
 * API checks a bearer token (issuer, audience, signature) and its roles are the session's.
 */
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurityConfiguration {

    static final String REGISTRATION = "tally";
    static final String SIGN_IN = "/console/sign-in";

    @Bean
    SecurityContextRepository consoleSecurityContexts() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(
            HttpSecurity http,
            ConsoleProperties console,
            SecurityContextRepository contexts,
            ObjectProvider<JwtDecoder> decoder,
            JwtAuthenticationConverter converter,
            ConsolePages pages)
            throws Exception {
        http.securityMatcher("/console", "/console/**", "/webjars/**")
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                SIGN_IN,
                                SIGN_IN + "/**",
                                "/console/form-expired",
                                "/console/assets/**",
                                "/webjars/**",
                                "/console/oauth2/**",
                                "/console/login/oauth2/**")
                        .permitAll()
                        .requestMatchers(
                                "/console/orders", "/console/orders/**", "/console/analytics", "/console/analytics/**")
                        .hasRole(ANALYST)
                        .requestMatchers("/console/audit", "/console/audit/**")
                        .hasRole(AUDITOR)
                        .requestMatchers("/console/projections", "/console/projections/**")
                        .hasRole(OPS)
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(SIGN_IN))
                                .accessDeniedHandler(pages::forbidden))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.logoutUrl("/console/sign-out").logoutSuccessUrl(SIGN_IN + "?signedOut"))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives("default-src 'self'; script-src 'self';"
                                        + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
                                        + " form-action 'self' " + formTargets(console) + "; frame-ancestors 'none'"))
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .addFilterAfter(new SessionExpiry(Clock.systemUTC()), SecurityContextHolderFilter.class);
        if (console.identityProvider()) {
            http.oauth2Login(login -> login.loginPage(SIGN_IN)
                    .clientRegistrationRepository(registrations(console))
                    .authorizationEndpoint(endpoint -> endpoint.baseUri("/console/oauth2/authorization"))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/console/login/oauth2/code/*"))
                    .userInfoEndpoint(users -> users.userService(accessTokenUsers(decoder.getObject(), converter)))
                    .defaultSuccessUrl("/console", true)
                    .failureUrl(SIGN_IN + "?failed"));
        }
        return http.build();
    }

    /** The identity provider's origin may receive the sign-in redirect. */
    private static String formTargets(ConsoleProperties console) {
        if (!console.identityProvider()) {
            return "";
        }
        java.net.URI uri = java.net.URI.create(console.authorizationUrl());
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** Tally's public client: authorization code with PKCE (Spring adds it for a client without a secret). */
    static ClientRegistrationRepository registrations(ConsoleProperties console) {
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(console.clientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                // the configured origin, not {baseUrl}: a request's Host header must not choose where codes go
                .redirectUri(console.publicUrl() + "/console/login/oauth2/code/{registrationId}")
                .authorizationUri(console.authorizationUrl())
                .tokenUri(console.tokenUrl())
                .userNameAttributeName(ConsoleUser.NAME)
                .clientName("the identity provider")
                .build());
    }

    /**
     * The person is who the access token says, checked as the API checks a bearer token; a token
     * the API would refuse signs no one in.
     */
    static OAuth2UserService<OAuth2UserRequest, OAuth2User> accessTokenUsers(
            JwtDecoder decoder, JwtAuthenticationConverter converter) {
        return request -> {
            Jwt jwt;
            try {
                jwt = decoder.decode(request.getAccessToken().getTokenValue());
            } catch (JwtException e) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        "invalid_token",
                        "the identity provider's token is not one Tally accepts: " + e.getMessage(),
                        null));
            }
            Collection<GrantedAuthority> authorities = converter.convert(jwt).getAuthorities();
            return new DefaultOAuth2User(authorities, jwt.getClaims(), ConsoleUser.NAME);
        };
    }

    /** Ends a console session when its token expires: the next request goes to the sign-in page. */
    static final class SessionExpiry extends OncePerRequestFilter {

        private final Clock clock;

        SessionExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ConsoleUser user = ConsoleUser.of(SecurityContextHolder.getContext().getAuthentication());
            if (user != null && user.expired(clock.instant())) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + SIGN_IN + "?expired");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}

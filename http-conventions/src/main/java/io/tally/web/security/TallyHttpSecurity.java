package io.tally.web.security;

import io.tally.web.problem.ProblemWriter;
import io.tally.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The security both services share: stateless bearer-token authentication, roles from the
 * {@code roles} claim, health, metrics, the OpenAPI documents and the Swagger UI open, everything
 * else authenticated, and 401/403 as
 * problem+json. Each service adds which role may call which path.
 */
public class TallyHttpSecurity {

    public static final String APP = "APP";
    public static final String ANALYST = "ANALYST";
    public static final String AUDITOR = "AUDITOR";
    public static final String OPS = "OPS";

    private final JwtAuthenticationConverter authenticationConverter;
    private final AuthenticationEntryPoint entryPoint;
    private final AccessDeniedHandler accessDenied;

    public TallyHttpSecurity(JwtAuthenticationConverter authenticationConverter, ProblemWriter problems) {
        this.authenticationConverter = authenticationConverter;
        this.entryPoint = (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(
                    response,
                    Problems.problem(
                            HttpStatus.UNAUTHORIZED,
                            "unauthorized",
                            "Unauthorized",
                            "a valid bearer token is required"));
        };
        this.accessDenied = (request, response, ex) -> problems.write(
                response,
                Problems.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role may not do this"));
    }

    public SecurityFilterChain build(
            HttpSecurity http,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> roles)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // the API's documents and the Swagger UI open in a browser without a token; the UI signs
                    // people in itself (authorization code + PKCE) and sends their token with each call
                    requests.requestMatchers(
                                    "/actuator/health",
                                    "/actuator/health/**",
                                    "/actuator/prometheus",
                                    "/error",
                                    "/v3/api-docs",
                                    "/v3/api-docs/**",
                                    "/v3/api-docs.yaml",
                                    "/swagger-ui.html",
                                    "/swagger-ui/**")
                            .permitAll();
                    roles.customize(requests);
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(
                        server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter))
                                .authenticationEntryPoint(entryPoint)
                                .accessDeniedHandler(accessDenied))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied));
        return http.build();
    }
}

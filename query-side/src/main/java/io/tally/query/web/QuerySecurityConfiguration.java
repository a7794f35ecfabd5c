package io.tally.query.web;

import static io.tally.web.security.TallyHttpSecurity.ANALYST;
import static io.tally.web.security.TallyHttpSecurity.APP;
import static io.tally.web.security.TallyHttpSecurity.AUDITOR;
import static io.tally.web.security.TallyHttpSecurity.OPS;

import io.tally.web.security.TallyHttpSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
class QuerySecurityConfiguration {

    @Bean
    SecurityFilterChain querySecurity(HttpSecurity http, TallyHttpSecurity tally) throws Exception {
        return tally.build(
                http,
                requests -> requests.requestMatchers(
                                HttpMethod.GET,
                                "/api/orders/*",
                                "/api/orders/*/updates",
                                "/api/inventory/*",
                                "/api/payments/*")
                        .hasAnyRole(APP, ANALYST)
                        .requestMatchers("/api/audit/**")
                        .hasRole(AUDITOR)
                        .requestMatchers("/api/admin/**")
                        .hasRole(OPS)
                        .requestMatchers("/api/**")
                        .hasRole(ANALYST));
    }
}

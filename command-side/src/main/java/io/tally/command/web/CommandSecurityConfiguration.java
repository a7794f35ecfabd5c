package io.tally.command.web;

import static io.tally.web.security.TallyHttpSecurity.APP;
import static io.tally.web.security.TallyHttpSecurity.OPS;

import io.tally.web.problem.ProblemWriter;
import io.tally.web.security.TallyHttpSecurity;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
class CommandSecurityConfiguration {

    @Bean
    SecurityFilterChain commandSecurity(HttpSecurity http, TallyHttpSecurity tally) throws Exception {
        return tally.build(
                http,
                requests -> requests.requestMatchers(HttpMethod.DELETE, "/api/customers/**")
                        .hasRole(OPS)
                        .requestMatchers("/api/admin/**")
                        .hasRole(OPS)
                        .requestMatchers("/api/**")
                        .hasRole(APP));
    }

    /** After Spring Security's chain (order -100) and before the idempotency claim (-50). */
    @Bean
    FilterRegistrationBean<ClientCorrelationFilter> clientCorrelationFilter(ProblemWriter problems) {
        FilterRegistrationBean<ClientCorrelationFilter> registration =
                new FilterRegistrationBean<>(new ClientCorrelationFilter(problems));
        registration.setOrder(-60);
        return registration;
    }
}

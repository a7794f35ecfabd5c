package io.tally.query.web;

import io.tally.web.problem.ProblemWriter;
import io.tally.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With Axon Server ({@code TALLY_AXON_SERVER_ENABLED=true}) the events live in Axon Server, which
 * keeps no hash chain and no seals: the audit API (which reads the PostgreSQL event store) and
 * replays (which copy read models from it) would answer from an empty table. They are refused
 * with 501 problem+json {@code not-available-with-axon-server} saying why, after authentication
 * and the role check, so a caller learns it from the answer and not from empty results.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
class AxonServerRefusals {

    private static final Pattern REFUSED = Pattern.compile("/api/audit(/.*)?|/api/admin/projections/[^/]+/replay");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> axonServerRefusalFilter(ProblemWriter problems) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        String path = request.getRequestURI()
                                .substring(request.getContextPath().length());
                        if (!REFUSED.matcher(path).matches()) {
                            chain.doFilter(request, response);
                            return;
                        }
                        boolean audit = path.startsWith("/api/audit");
                        problems.write(
                                response,
                                Problems.problem(
                                        HttpStatus.NOT_IMPLEMENTED,
                                        "not-available-with-axon-server",
                                        "Not available with Axon Server",
                                        (audit
                                                        ? "the audit API reads the hash chain and seals of the PostgreSQL event store"
                                                        : "replays rebuild read models from the PostgreSQL event store")
                                                + "; this deployment keeps its events in Axon Server"
                                                + " (TALLY_AXON_SERVER_ENABLED=true), which has neither, so it is refused"
                                                + " rather than answered from an empty table"));
                    }
                });
        // inside Spring Security's chain (-100): the caller and its role are checked first
        registration.setOrder(-40);
        return registration;
    }
}

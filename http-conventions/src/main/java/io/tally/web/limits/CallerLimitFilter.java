package io.tally.web.limits;

import io.tally.web.problem.ApiProblemException;
import io.tally.web.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security: every authenticated request counts against its caller's rate and
 * concurrency limits ({@link CallerLimits}); a refused one is answered 429 here, before any
 * handler runs. An anonymous request (health, metrics, the console's sign-in, the API docs) counts
 * against its address ({@code anonymous@<address>}) under the same limits, so one anonymous client
 * cannot take every thread (issue 34, point 8). Behind a balancer every client has its address:
 * put the limits there too (docs/operations.md).
 */
public class CallerLimitFilter extends OncePerRequestFilter {

    private final CallerLimits limits;
    private final ProblemWriter problems;

    public CallerLimitFilter(CallerLimits limits, ProblemWriter problems) {
        this.limits = limits;
        this.problems = problems;
    }

    /** The caller of the current request: its token's subject, or null when anonymous. */
    public static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return authentication.getName();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = caller();
        if (caller == null) {
            caller = "anonymous@" + request.getRemoteAddr();
        }
        CallerLimits.Permit permit;
        try {
            permit = limits.request(caller);
        } catch (ApiProblemException refused) {
            refused.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            problems.write(response, refused.problem());
            return;
        }
        try (permit) {
            chain.doFilter(request, response);
        }
    }
}

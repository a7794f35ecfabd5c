package io.tally.command.web;

import io.tally.axon.messaging.MessageMetadata;
import io.tally.web.problem.ProblemWriter;
import io.tally.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A client's {@code X-Correlation-Id} goes into the history (as {@code clientCorrelationId}); one
 * that is too long or carries control or non-ASCII characters is refused with 400 before anything
 * runs, never stored or silently dropped. An empty one is as none.
 */
class ClientCorrelationFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    ClientCorrelationFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlation = request.getHeader(MessageMetadata.CORRELATION_HEADER);
        if (correlation != null && !correlation.isEmpty() && !MessageMetadata.isClientValue(correlation)) {
            problems.write(
                    response,
                    Problems.invalid(
                            MessageMetadata.CORRELATION_HEADER + ": " + MessageMetadata.CLIENT_VALUE_RULE,
                            List.of(new Problems.FieldError(
                                    MessageMetadata.CORRELATION_HEADER, MessageMetadata.CLIENT_VALUE_RULE))));
            return;
        }
        chain.doFilter(request, response);
    }
}

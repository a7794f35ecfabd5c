package io.tally.command.idempotency;

import io.tally.axon.messaging.MessageMetadata;
import io.tally.web.input.BodySizeLimitFilter;
import io.tally.web.problem.ProblemWriter;
import io.tally.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST and PUT: the first request with a key runs and its response is
 * kept; the same key with the same request replays that response (same status and body, header
 * {@code Idempotent-Replayed: true}) and runs nothing; the same key with another request is 422
 * {@code idempotency-key-reused}. A request that arrives while the first is still running waits
 * for it. Responses of 5xx are not kept, so a retry runs again.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /**
     * How long a second request with a key in progress waits for the first one's answer, polling
     * from every 50 ms up to every 500 ms (at most about 15 reads), before it is answered 409
     * {@code idempotency-key-in-progress} with {@code Retry-After}. It holds one of its caller's
     * concurrent-request permits while it waits.
     */
    static final long WAIT_MILLIS = 5_000;

    private final IdempotencyStore store;
    private final ProblemWriter problems;

    IdempotencyFilter(IdempotencyStore store, ProblemWriter problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("POST".equals(method) || "PUT".equals(method))
                || request.getHeader(MessageMetadata.IDEMPOTENCY_HEADER) == null
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(MessageMetadata.IDEMPOTENCY_HEADER);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!MessageMetadata.isClientValue(key)) {
            problems.write(
                    response,
                    Problems.invalid(
                            "Idempotency-Key: " + MessageMetadata.CLIENT_VALUE_RULE,
                            List.of(new Problems.FieldError(
                                    MessageMetadata.IDEMPOTENCY_HEADER, MessageMetadata.CLIENT_VALUE_RULE))));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodySizeLimitFilter.BodyTooLargeException e) {
            problems.write(response, BodySizeLimitFilter.tooLarge(e.maxBytes()));
            return;
        } catch (BodySizeLimitFilter.BodyTooDeepException e) {
            problems.write(response, Problems.invalid(e.getMessage(), List.of()));
            return;
        }
        String principal = authentication.getName();
        String fingerprint = fingerprint(request, body);
        IdempotencyStore.Claim claim = store.claim(principal, key, fingerprint);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        long pause = 50;
        while (claim instanceof IdempotencyStore.InProgress && System.currentTimeMillis() < deadline) {
            sleep(pause);
            pause = Math.min(pause * 2, 500);
            claim = store.claim(principal, key, fingerprint);
        }
        if (claim instanceof IdempotencyStore.Claimed) {
            runOnce(new CachedBodyRequest(request, body), response, chain, principal, key);
        } else if (claim instanceof IdempotencyStore.Replay replay) {
            replay(response, replay);
        } else if (claim instanceof IdempotencyStore.AlreadyApplied applied) {
            ProblemDetail problem = Problems.problem(
                    HttpStatus.CONFLICT,
                    "already-applied",
                    "Already applied",
                    "a request with this Idempotency-Key was applied before its service stopped, and its answer was"
                            + " lost; it was not applied again");
            problem.setProperty("applied", applied.aggregates());
            byte[] answer = problems.bytes(problem);
            store.complete(
                    principal,
                    key,
                    HttpStatus.CONFLICT.value(),
                    MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    null,
                    null,
                    answer);
            replay(
                    response,
                    new IdempotencyStore.Replay(
                            HttpStatus.CONFLICT.value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, null, null, answer));
        } else if (claim instanceof IdempotencyStore.Unverifiable) {
            // with Axon Server the events cannot be searched for the key: never run it a second time
            ProblemDetail problem = Problems.problem(
                    HttpStatus.CONFLICT,
                    "idempotency-key-unverifiable",
                    "Outcome unknown",
                    "a request with this Idempotency-Key was claimed by an instance that stopped"
                            + " before answering; with Axon Server the event store cannot be searched for its events, so it"
                            + " is not run again: read the aggregate to see whether it was applied, then send a new key");
            byte[] answer = problems.bytes(problem);
            store.complete(
                    principal,
                    key,
                    HttpStatus.CONFLICT.value(),
                    MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    null,
                    null,
                    answer);
            replay(
                    response,
                    new IdempotencyStore.Replay(
                            HttpStatus.CONFLICT.value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, null, null, answer));
        } else if (claim instanceof IdempotencyStore.Mismatch) {
            problems.write(
                    response,
                    Problems.problem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "idempotency-key-reused",
                            "Idempotency key reused",
                            "this Idempotency-Key was used for a different request"));
        } else {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(
                    response,
                    Problems.problem(
                            HttpStatus.CONFLICT,
                            "idempotency-key-in-progress",
                            "Request in progress",
                            "the first request with this Idempotency-Key is still running"));
        }
    }

    private void runOnce(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, String principal, String key)
            throws IOException, ServletException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, recorded);
            int status = recorded.getStatus();
            if (status < 500) {
                store.complete(
                        principal,
                        key,
                        status,
                        recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION),
                        recorded.getHeader(HttpHeaders.ETAG),
                        recorded.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                store.release(principal, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Replay replay) throws IOException {
        response.setStatus(replay.status());
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        if (replay.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, replay.location());
        }
        if (replay.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, replay.etag());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        if (replay.body() != null) {
            response.getOutputStream().write(replay.body());
        }
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String head = request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n"
                    + request.getHeader("If-Match") + "\n";
            sha256.update(head.getBytes(StandardCharsets.UTF_8));
            sha256.update(body);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request with its body already read, so the handler can read it again. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }
    }
}

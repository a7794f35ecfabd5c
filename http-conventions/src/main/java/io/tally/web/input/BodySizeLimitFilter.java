package io.tally.web.input;

import io.tally.web.problem.ProblemWriter;
import io.tally.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with 413: at once when Content-Length says so, and while
 * reading when a chunked body grows past it. Also refuses, while reading, JSON that nests objects
 * and arrays deeper than {@link #MAX_DEPTH} (400), before any parser builds it.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    /** No request of the API nests deeper than 4; 32 leaves room and stops depth bombs. */
    public static final int MAX_DEPTH = 32;

    private final long maxBytes;
    private final ProblemWriter problems;

    public BodySizeLimitFilter(long maxBytes, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(response, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    public static org.springframework.http.ProblemDetail tooLarge(long maxBytes) {
        return Problems.problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "request bodies are limited to " + maxBytes + " bytes");
    }

    /** Thrown while reading a body that turned out larger than the limit. */
    public static class BodyTooLargeException extends IOException {
        final long maxBytes;

        BodyTooLargeException(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }

    /** Thrown while reading a body whose JSON nests deeper than {@link #MAX_DEPTH}. */
    public static class BodyTooDeepException extends IOException {
        BodyTooDeepException() {
            super("the request body nests objects and arrays deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;
        private int depth;
        private boolean inString;
        private boolean escaped;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
                scan(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                for (int i = offset; i < offset + n; i++) {
                    scan(buffer[i]);
                }
            }
            return n;
        }

        /** Follows the JSON's nesting byte by byte (UTF-8 multi-byte characters never look like ASCII). */
        private void scan(int b) throws IOException {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new BodyTooDeepException();
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}

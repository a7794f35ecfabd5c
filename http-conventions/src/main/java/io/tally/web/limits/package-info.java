/**
 * Per-caller request limits (resilience4j rate limiter and bulkheads, kept per caller in Caffeine):
 * a caller over a limit is answered 429 with {@code Retry-After}, and nothing waits for a permit.
 */
package io.tally.web.limits;

package io.tally.web.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one caller (a token's subject) may ask of a service at once ({@code docs/operations.md},
 * "Limits"). Each default is far above what one well-behaved client needs and far below what
 * would let one client starve the others.
 *
 * @param requestsPerSecond  requests per caller per second ({@code TALLY_LIMIT_REQUESTS_PER_SECOND})
 * @param concurrentRequests requests of one caller in progress at once ({@code TALLY_LIMIT_CONCURRENT_REQUESTS})
 * @param streamsPerCaller   open event streams (SSE) of one caller ({@code TALLY_LIMIT_STREAMS_PER_CALLER})
 * @param streams            open event streams of all callers together ({@code TALLY_LIMIT_STREAMS})
 * @param heavyPerCaller     whole-log exports and verifications of one caller at once ({@code TALLY_LIMIT_HEAVY_PER_CALLER})
 * @param heavy              whole-log exports and verifications of all callers at once ({@code TALLY_LIMIT_HEAVY})
 */
@ConfigurationProperties("tally.limits")
public record LimitProperties(
        Integer requestsPerSecond,
        Integer concurrentRequests,
        Integer streamsPerCaller,
        Integer streams,
        Integer heavyPerCaller,
        Integer heavy) {

    public LimitProperties {
        requestsPerSecond = requestsPerSecond == null ? 1000 : requestsPerSecond;
        concurrentRequests = concurrentRequests == null ? 64 : concurrentRequests;
        streamsPerCaller = streamsPerCaller == null ? 32 : streamsPerCaller;
        streams = streams == null ? 512 : streams;
        heavyPerCaller = heavyPerCaller == null ? 1 : heavyPerCaller;
        heavy = heavy == null ? 2 : heavy;
    }
}

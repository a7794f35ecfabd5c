package io.tally.formats.tokens;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a tracking token stored in a {@code token_entry} row (Axon's JSON serializer) says its
 * processor is: the global index it has reached, -1 before the first event. A replay token (a new
 * or reset processor) is where its current token is, not where the reset was. The one reading of a
 * token for the projections' status and lag, {@code ./tally check} and the benchmarks.
 */
public final class TokenPosition {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenPosition() {}

    public static long of(byte[] token) {
        return token == null ? -1 : of(new String(token, StandardCharsets.UTF_8));
    }

    public static long of(String token) {
        if (token == null || token.isBlank()) {
            return -1;
        }
        JsonNode node = JSON.readTree(token);
        while (node != null && node.has("tokenAtReset")) {
            node = node.get("currentToken");
        }
        return node != null && node.has("index") && node.get("index").isNumber()
                ? node.get("index").asLong()
                : -1;
    }
}

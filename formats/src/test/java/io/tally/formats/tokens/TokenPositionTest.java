package io.tally.formats.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a stored tracking token says a projection is, as the lag gauge and the status read it. */
class TokenPositionTest {

    private static long position(String token) {
        return TokenPosition.of(token);
    }

    @Test
    void aTrackingTokenIsAtItsIndex() {
        assertThat(position("{\"index\":41,\"gaps\":[39]}")).isEqualTo(41);
    }

    @Test
    void aReplayTokenIsAtItsCurrentTokenNotWhereTheResetWas() {
        String reset =
                "{\"@class\":\"org.axonframework.eventhandling.GapAwareTrackingToken\",\"index\":17640,\"gaps\":[]}";
        assertThat(position("{\"tokenAtReset\":" + reset + ",\"currentToken\":{\"index\":120,\"gaps\":[]},"
                        + "\"context\":null}"))
                .isEqualTo(120);
        assertThat(position("{\"tokenAtReset\":" + reset + ",\"currentToken\":null,\"context\":null}"))
                .as("a new processor that has handled nothing yet")
                .isEqualTo(-1);
    }

    @Test
    void noTokenYetIsBeforeTheFirstEvent() {
        assertThat(position(null)).isEqualTo(-1);
        assertThat(TokenPosition.of((byte[]) null)).isEqualTo(-1);
    }

    @Test
    void theStoredBytesReadAsTheirText() {
        assertThat(TokenPosition.of("{\"index\":7,\"gaps\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(7);
    }
}

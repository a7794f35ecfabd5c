package io.tally.command.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class SagaErrorHandlerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SagaErrorHandler handler = new SagaErrorHandler(meters);
    private final GenericEventMessage<String> event = new GenericEventMessage<>("an event");

    @Test
    void aStoreThatIsDownFailsTheBatchSoItIsRetried() {
        assertThatThrownBy(() -> handler.onError(new CannotGetJdbcConnectionException("down"), event, null))
                .isInstanceOf(CannotGetJdbcConnectionException.class);
        assertThatThrownBy(() -> handler.onError(
                        new IllegalStateException(new UncheckedIOException(new ConnectException("refused"))),
                        event,
                        null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(meters.counter("tally.saga.steps.failed").count()).isZero();
    }

    @Test
    void aStepThatFailsOnItsOwnIsCountedAndSkipped() {
        assertThatNoException()
                .isThrownBy(() -> handler.onError(new IllegalArgumentException("no such payment"), event, null));
        assertThat(meters.counter("tally.saga.steps.failed").count()).isEqualTo(1);
    }
}

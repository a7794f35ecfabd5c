package io.tally.web.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.web.problem.ApiProblemException;
import org.junit.jupiter.api.Test;

class CallerLimitsTest {

    private final CallerLimits limits = new CallerLimits(new LimitProperties(3, 2, 2, 3, 1, 2));

    @Test
    void aCallersRateIsItsOwnAndARefusalIs429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            limits.request("a").close();
        }
        assertThatThrownBy(() -> limits.request("a")).isInstanceOfSatisfying(ApiProblemException.class, e -> {
            assertThat(e.problem().getStatus()).isEqualTo(429);
            assertThat(e.headers().getFirst("Retry-After")).isEqualTo("1");
        });
        limits.request("b").close();
    }

    @Test
    void concurrentRequestsStreamsAndWholeLogReadsAreHeldUntilReleasedAndReleasedOnce() {
        CallerLimits.Permit first = limits.heavy("auditor");
        assertThatThrownBy(() -> limits.heavy("auditor")).isInstanceOf(ApiProblemException.class);
        CallerLimits.Permit other = limits.heavy("other");
        assertThatThrownBy(() -> limits.heavy("third")).as("two in all").isInstanceOf(ApiProblemException.class);
        first.close();
        first.close();
        CallerLimits.Permit again = limits.heavy("auditor");
        assertThatThrownBy(() -> limits.heavy("third"))
                .as("a double release frees one slot only")
                .isInstanceOf(ApiProblemException.class);
        again.close();
        other.close();

        CallerLimits.Permit s1 = limits.stream("app");
        CallerLimits.Permit s2 = limits.stream("app");
        assertThatThrownBy(() -> limits.stream("app")).isInstanceOf(ApiProblemException.class);
        CallerLimits.Permit s3 = limits.stream("app-2");
        assertThatThrownBy(() -> limits.stream("app-3")).as("three in all").isInstanceOf(ApiProblemException.class);
        s1.close();
        s2.close();
        s3.close();
    }

    @Test
    void aLimitOfZeroRefusesEveryCall() {
        CallerLimits none = new CallerLimits(new LimitProperties(3, 2, 2, 3, 0, 2));
        assertThatThrownBy(() -> none.heavy("auditor")).isInstanceOf(ApiProblemException.class);
    }
}

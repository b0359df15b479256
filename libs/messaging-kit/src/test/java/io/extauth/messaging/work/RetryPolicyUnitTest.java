package io.extauth.messaging.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyUnitTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.5);

    @Test
    void theWaitDoublesWithEveryFailedAttemptWithoutJitter() {
        assertThat(policy.delayAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(5, 0.0)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void theWaitIsCappedHoweverLongTheVendorIsDown() {
        assertThat(policy.delayAfter(7, 0.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(10_000, 0.0)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterTakesAtMostItsShareOffTheWait() {
        assertThat(policy.delayAfter(3, 0.999)).isGreaterThan(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aPolicyThatWouldNeverWaitOrShrinkIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 2.0, Duration.ofSeconds(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(60), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.extauth.order.intake.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterUnitTest {

    @Test
    void aWaitIsAnsweredInWholeSecondsRoundedUpSoARetryAtRetryAfterIsNotRefusedAgain() {
        assertThat(OrderController.retryAfterSeconds(Duration.ofMillis(59_900))).isEqualTo(60);
        assertThat(OrderController.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(OrderController.retryAfterSeconds(Duration.ofSeconds(60).plusNanos(1))).isEqualTo(61);
        assertThat(OrderController.retryAfterSeconds(Duration.ofMillis(10))).as("at least a second").isEqualTo(1);
        assertThat(OrderController.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }
}

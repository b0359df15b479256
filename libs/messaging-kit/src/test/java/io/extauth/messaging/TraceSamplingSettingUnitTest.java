package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Whether the kit expects a trace begun by a consumer to be sampled, from Boot's sampling setting. */
class TraceSamplingSettingUnitTest {

    @Test
    void newTracesAreNotSampledAtProbabilityZeroAsTheServicesRunWithoutAnOtlpEndpoint() {
        assertThat(MessagingAutoConfiguration.newTracesSampled(
                new MockEnvironment().withProperty("management.tracing.sampling.probability", "0.0"))).isFalse();
    }

    @Test
    void newTracesMayBeSampledAtAnyOtherProbabilityOrWhenItIsNotSet() {
        assertThat(MessagingAutoConfiguration.newTracesSampled(
                new MockEnvironment().withProperty("management.tracing.sampling.probability", "0.1"))).isTrue();
        assertThat(MessagingAutoConfiguration.newTracesSampled(
                new MockEnvironment().withProperty("management.tracing.sampling.probability", "1.0"))).isTrue();
        assertThat(MessagingAutoConfiguration.newTracesSampled(new MockEnvironment())).isTrue();
    }
}

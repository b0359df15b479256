package io.extauth.service.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SampledLineUnitTest {

    @Test
    void theFirstIsALineThenOneLineAMomentWithHowManyCameSince() {
        AtomicLong now = new AtomicLong(1_000);
        SampledLine line = new SampledLine(Duration.ofSeconds(10), now::get);

        assertThat(line.happened()).hasValue(1);
        for (int i = 0; i < 999; i++) {
            assertThat(line.happened()).isEmpty();
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(line.happened()).as("the 999 since, and this one").hasValue(1_000);
        assertThat(line.happened()).isEqualTo(OptionalLong.empty());
    }
}

package io.extauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuditCommandErrorsIntegrationTest {

    @Test
    void anUnreachableBrokerIsAConnectionErrorWithExitCodeTwoWithinTheTimeout() {
        long start = System.nanoTime();

        AuditRun run = AuditRun.of("--bootstrap-servers", "127.0.0.1:1", "--timeout", "3s", "--no-progress");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.ERROR);
        assertThat(run.err()).startsWith("audit: cannot reach Kafka at 127.0.0.1:1 within 3 s");
        assertThat(run.out()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void bootstrapServersThatCannotBeResolvedAreAConnectionError() {
        AuditRun run = AuditRun.of("--bootstrap-servers", "no-such-host.invalid:9092", "--timeout", "PT3S");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.ERROR);
        assertThat(run.err()).contains("no-such-host.invalid:9092");
    }

    @Test
    void anUnknownFormatOrABadTimeIsAUsageErrorWithExitCodeTwo() {
        AuditRun format = AuditRun.of("--format", "xml");
        AuditRun time = AuditRun.of("--from", "yesterday");

        assertThat(format.exitCode()).isEqualTo(AuditCommand.ERROR);
        assertThat(format.err()).contains("--format").contains("xml");
        assertThat(time.exitCode()).isEqualTo(AuditCommand.ERROR);
        assertThat(time.err()).contains("'yesterday' is not an RFC 3339 time");
    }

    @Test
    void helpListsTheOptionsAndExitsClean() {
        AuditRun run = AuditRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--bootstrap-servers").contains("--from").contains("--user")
                .contains("--format").contains("--no-progress").doesNotContain("--seed-synthetic");
    }
}

package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.events.ChallengeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The counters a service names exist at 0 from its start, so that a rule's {@code increase()} sees their first event
 * as a rise; and they are the very counters the outbox then counts on.
 */
class CountedFromStartUnitTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(CountedFromStart.class, () -> () -> List.of(lockout(LoginChannel.PORTAL),
                    lockout(LoginChannel.VPN)));

    @Test
    void eachChannelsLockoutCounterIsAtZeroBeforeTheFirstLockout() {
        service.run(context -> assertThat(context.getBean(MeterRegistry.class).find(CountingOutbox.METER).counters())
                .extracting(counter -> counter.getId().getTag("channel"), Counter::count)
                .containsExactlyInAnyOrder(tuple("PORTAL", 0.0), tuple("VPN", 0.0)));
    }

    @Test
    void theFirstLockoutCountsOnTheCounterMadeAtTheStart() {
        service.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            new CountingOutbox(new AcceptingOutbox(), meters).publish(new ChallengeResult("a", "u", "c", LoginChannel.VPN, ChallengeOutcome.LOCKED_OUT, 5, 0,
                    Instant.parse("2026-11-30T07:00:00Z"), Instant.parse("2026-11-30T06:00:00Z"), "o"));

            assertThat(meters.find(CountingOutbox.METER).counters())
                    .extracting(counter -> counter.getId().getTag("channel"), Counter::count)
                    .containsExactlyInAnyOrder(tuple("PORTAL", 0.0), tuple("VPN", 1.0));
        });
    }

    private static ExtauthEvent lockout(LoginChannel channel) {
        return new ChallengeResult("-", "-", "-", channel, ChallengeOutcome.LOCKED_OUT, 0, 0, null, Instant.EPOCH);
    }
}

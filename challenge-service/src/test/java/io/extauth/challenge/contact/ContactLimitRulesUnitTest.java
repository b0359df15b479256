package io.extauth.challenge.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.extauth.challenge.contact.ContactLimitRules.Limit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactLimitRulesUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final Limit FIVE_IN_TEN_MINUTES = new Limit(5, Duration.ofMinutes(10));

    @Test
    void theContactThatMustLeaveIsTheMaxthNewestSoTheStoreSkipsOneFewer() {
        assertThat(ContactLimitRules.mustLeaveOffset(FIVE_IN_TEN_MINUTES)).isEqualTo(4);
        assertThat(ContactLimitRules.mustLeaveOffset(new Limit(1, Duration.ofMinutes(1)))).isZero();
        assertThat(ContactLimitRules.mustLeaveOffset(new Limit(1_000_000, Duration.ofMinutes(1)))).isEqualTo(999_999);
    }

    @Test
    void fewerContactsThanTheLimitInTheWindowLetOneMoreGoNow() {
        // the store found no fifth newest: none must leave
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, null, NOW)).isEmpty();
    }

    @Test
    void aContactThatHasLeftTheWindowAlreadyHoldsNothingBack() {
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(10), NOW)).isEmpty();
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(11), NOW)).isEmpty();
    }

    @Test
    void aFullWindowWaitsUntilTheContactThatMustLeaveHasLeft() {
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(7), NOW))
                .contains(Duration.ofMinutes(3));
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(1), NOW))
                .contains(Duration.ofMinutes(9));
    }

    @Test
    void aContactAboutToLeaveHoldsBackUntilItHasAndOneFromAClockAheadLonger() {
        Instant almostGone = NOW.minus(Duration.ofMinutes(10)).plusNanos(1);
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, almostGone, NOW))
                .contains(Duration.ofNanos(1));
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, NOW.plusSeconds(5), NOW))
                .as("a contact from a clock ahead").contains(Duration.ofMinutes(10).plusSeconds(5));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndNeverZero() {
        assertThat(ContactLimitRules.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(ContactLimitRules.retryAfterSeconds(Duration.ofSeconds(600))).isEqualTo(600);
        assertThat(ContactLimitRules.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void aLimitOfNothingOrNoWindowIsAConfigurationError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(0, Duration.ofMinutes(10)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(5, Duration.ZERO));
    }

    private static Instant minutesAgo(int minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }
}

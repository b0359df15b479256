package io.extauth.challenge.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.extauth.challenge.contact.ContactLimitRules.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactLimitRulesUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final Limit FIVE_IN_TEN_MINUTES = new Limit(5, Duration.ofMinutes(10));

    @Test
    void fewerContactsThanTheLimitInTheWindowLetOneMoreGoNow() {
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(1, 2, 3, 4), NOW)).isEmpty();
    }

    @Test
    void contactsOlderThanTheWindowDoNotCount() {
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(1, 2, 3, 4, 10, 11), NOW))
                .isEmpty();
    }

    @Test
    void aFullWindowWaitsUntilItsOldestContactLeavesIt() {
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(1, 2, 3, 4, 7), NOW))
                .contains(Duration.ofMinutes(3));
    }

    @Test
    void moreContactsThanTheLimitWaitForTheOneThatMakesRoom() {
        // seven in the window (e.g. after the limit was lowered): two must leave, the second of them at minute 6
        assertThat(ContactLimitRules.waitBeforeNext(FIVE_IN_TEN_MINUTES, minutesAgo(1, 2, 3, 4, 6, 8, 9), NOW))
                .contains(Duration.ofMinutes(4));
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

    private static List<Instant> minutesAgo(int... minutes) {
        return java.util.Arrays.stream(minutes).mapToObj(m -> NOW.minus(Duration.ofMinutes(m))).toList();
    }
}

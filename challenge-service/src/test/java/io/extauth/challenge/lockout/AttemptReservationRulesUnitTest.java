package io.extauth.challenge.lockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptReservationRulesUnitTest {

    private final AttemptReservationRules rules = new AttemptReservationRules(5, Duration.ofSeconds(12));

    @Test
    void anAttemptMayBeCheckedOnlyWhileStrikesAndAttemptsInFlightStayBelowTheLimit() {
        assertThat(mayReserve(0, 0)).isTrue();
        assertThat(mayReserve(0, 4)).isTrue();
        assertThat(mayReserve(0, 5)).isFalse();
        assertThat(mayReserve(4, 0)).isTrue();
        assertThat(mayReserve(3, 2)).isFalse();
        assertThat(mayReserve(5, 0)).isFalse();
        assertThat(rules.inFlightAllowed(5)).as("no attempt at the limit").isZero();
        assertThat(rules.inFlightAllowed(7)).as("nor past it").isNegative();
    }

    /** As the reserving statement decides: {@code count(live reservations) < inFlightAllowed(counted strikes)}. */
    private boolean mayReserve(int countedFailures, int inFlight) {
        return inFlight < rules.inFlightAllowed(countedFailures);
    }

    @Test
    void answersToLoginChallengesGoOneAtATimeWhileAnyAttemptRemains() {
        AttemptReservationRules logins = AttemptReservationRules.oneAtATime(5, Duration.ofSeconds(12));
        assertThat(logins.inFlightAllowed(0)).isEqualTo(1);
        assertThat(logins.inFlightAllowed(4)).isEqualTo(1);
        assertThat(logins.inFlightAllowed(5)).isZero();
        assertThat(rules.inFlightAllowed(0)).as("activation codes, each decided on its own").isEqualTo(5);
    }

    @Test
    void aReservationLapsesAfterItsLease() {
        Instant now = Instant.parse("2026-11-30T03:00:00Z");
        assertThat(rules.expiresAt(now)).isEqualTo(now.plusSeconds(12));
    }

    @Test
    void waitingForAFreeAttemptBacksOffTo200Milliseconds() {
        assertThat(AttemptReservationRules.pause(0)).isEqualTo(Duration.ofMillis(10));
        assertThat(AttemptReservationRules.pause(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(AttemptReservationRules.pause(50)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aLeaseMustBePositive() {
        assertThatThrownBy(() -> new AttemptReservationRules(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

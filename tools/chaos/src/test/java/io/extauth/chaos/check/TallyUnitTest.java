package io.extauth.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TallyUnitTest {

    private final Tally tally = new Tally();

    @Test
    void aFindingAboutNoDrivenItemBelongsToThePhaseInWhichItWasFirstSeen() {
        Finding orphan = new Finding(null, Finding.Kind.UNEARNED_STRIKE, "challenge c-9", "EXPIRED");

        assertThat(tally.record("kill -9 challenge-service-1", List.of(orphan))).containsExactly(orphan);
        assertThat(tally.record("restart postgres", List.of(orphan))).isEmpty();

        assertThat(tally.count("kill -9 challenge-service-1", Finding.Kind.UNEARNED_STRIKE)).isEqualTo(1);
        assertThat(tally.count("restart postgres", Finding.Kind.UNEARNED_STRIKE)).isZero();
    }

    @Test
    void aFindingAboutADrivenItemBelongsToItsPhaseWhenEverItIsSeen() {
        Finding lost = new Finding("kill -9 kafka-2", Finding.Kind.LOST, "Provisioned of ann", "none");

        tally.record("restart postgres", List.of(lost));

        assertThat(tally.count("kill -9 kafka-2", Finding.Kind.LOST)).isEqualTo(1);
        assertThat(tally.count("restart postgres", Finding.Kind.LOST)).isZero();
    }

    @Test
    void onlyTheLatestCheckCountsSoALateArrivalIsNoFinding() {
        Finding late = new Finding("kill -9 kafka-2", Finding.Kind.LOST, "ChallengeResult c-1", "none");

        tally.record("kill -9 kafka-2", List.of(late));
        tally.record("restart postgres", List.of());

        assertThat(tally.count("kill -9 kafka-2", Finding.Kind.LOST)).isZero();
    }
}

package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WrongAnswersUnitTest {

    @Test
    void inTheLongRunTheShareOfWrongAnswersIsTheOneAskedFor() {
        WrongAnswers wrong = new WrongAnswers(0.1, 0.7, new SplittableRandom(42));
        boolean last = false;
        int wrongCount = 0;
        int longestStreak = 0;
        int streak = 0;
        for (int i = 0; i < 200_000; i++) {
            last = wrong.next(last);
            wrongCount += last ? 1 : 0;
            streak = last ? streak + 1 : 0;
            longestStreak = Math.max(longestStreak, streak);
        }

        assertThat(wrongCount / 200_000.0).isCloseTo(0.1, within(0.005));
        assertThat(longestStreak).as("wrong answers come in streaks that reach a lockout").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aStreakReachesTheFifthStrikeWithTheStreakChanceToTheFourth() {
        assertThat(new WrongAnswers(0.1, 0.7, new SplittableRandom()).lockChance(5)).isCloseTo(0.2401, within(1e-9));
    }

    @Test
    void noWrongAnswersMeansNoneAtAll() {
        WrongAnswers never = new WrongAnswers(0, 0.7, new SplittableRandom(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(never.next(false)).isFalse();
        }
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> new WrongAnswers(1.5, 0.7, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

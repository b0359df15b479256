package io.extauth.bench.scenario;

import java.util.random.RandomGenerator;

/**
 * Which answers are wrong: a two-state chain per user, so that wrong answers come in streaks and some users reach the
 * fifth strike, while the long-run share of wrong answers stays {@code share}. After a wrong answer the next one is
 * wrong with probability {@code streak}; after a right one with {@code share * (1 - streak) / (1 - share)}, which
 * makes {@code share} the stationary share (for {@code share < 1}).
 */
public final class WrongAnswers {

    private final double afterWrong;
    private final double afterRight;
    private final RandomGenerator random;

    public WrongAnswers(double share, double streak, RandomGenerator random) {
        if (share < 0 || share > 1 || streak < 0 || streak > 1) {
            throw new IllegalArgumentException("share and streak are probabilities between 0 and 1");
        }
        this.afterWrong = share >= 1 ? 1 : Math.max(streak, 0);
        this.afterRight = share >= 1 ? 1 : Math.min(1, share * (1 - streak) / (1 - share));
        this.random = random;
    }

    /** Whether the next answer of a user whose last answer was {@code lastWrong} is wrong. */
    public boolean next(boolean lastWrong) {
        return random.nextDouble() < (lastWrong ? afterWrong : afterRight);
    }

    /** The chance that a streak that has just begun reaches {@code strikes} wrong answers in a row. */
    public double lockChance(int strikes) {
        return Math.pow(afterWrong, strikes - 1);
    }
}

package io.extauth.challenge.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.login.DecisionRules.AlreadyDecided;
import io.extauth.challenge.login.DecisionRules.Decided;
import io.extauth.challenge.login.DecisionRules.Ruling;
import io.extauth.challenge.login.DecisionRules.Standing;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of what can happen to one account user (orders, provisioning, activation, challenges and their
 * answers, time passing, the unlock timer, an admin's unlock, deactivation), run through the rules the service runs:
 * the standard lifecycle, {@link DecisionRules} and {@link StrikeRules}, composed as the adapters compose them. An
 * independent count of consecutive failures is the oracle for the lock.
 */
class LifecyclePropertiesUnitTest {

    private static final int MAX_FAILURES = 5;
    private static final Duration LOCK = Duration.ofMinutes(60);
    private static final Duration EXPIRY = Duration.ofMinutes(2);

    sealed interface Step {
    }

    record Order() implements Step {
    }

    /**
     * A new order of a user still live here, which order-service took because it had cancelled the earlier order
     * before it read the Provisioned and the Activated (rare: a consumer far behind).
     */
    record OrderAfterALateCancel() implements Step {
    }

    record Provision() implements Step {
    }

    record Activate() implements Step {
    }

    record Issue() implements Step {
    }

    record Answer(int challenge, Verdict verdict) implements Step {
    }

    record Advance(int minutes) implements Step {
    }

    record AdminUnlock() implements Step {
    }

    record Deactivate() implements Step {
    }

    @Property(tries = 250)
    void randomSequencesNeverBreakTheLifecycleRules(@ForAll("histories") List<Step> steps) {
        Model user = new Model();
        for (Step step : steps) {
            user.apply(step);
        }
        Statistics.label("locked at the fifth failure").collect(user.strikeLocks > 0);
        Statistics.label("answers refused while locked").collect(user.refusedWhileLocked > 0);
        Statistics.label("second answers").collect(user.secondAnswers > 0);
        Statistics.label("live users ordered again after a late cancel").collect(user.ordersAfterALateCancel > 0);
        Statistics.label("locked at the fifth failure").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("answers refused while locked").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("second answers").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("live users ordered again after a late cancel")
                .coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        // a late cancel's re-order is rare (a consumer far behind), and ends whatever lock it meets: a third of the
        // weight of the rarest other step, so that the sequences still reach the locked answers they check
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Order())),
                Tuple.of(6, Arbitraries.just(new Provision())),
                Tuple.of(6, Arbitraries.just(new Activate())),
                Tuple.of(36, Arbitraries.just(new Issue())),
                Tuple.of(42, Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.frequency(
                        Tuple.of(32, Verdict.WRONG), Tuple.of(8, Verdict.RIGHT), Tuple.of(4, Verdict.NO_ANSWER_IN_TIME),
                        Tuple.of(1, Verdict.FRAUD))).as(Answer::new)),
                Tuple.of(6, Arbitraries.of(1, 3, 30, 61, 600).map(Advance::new)),
                Tuple.of(6, Arbitraries.just(new AdminUnlock())),
                Tuple.of(3, Arbitraries.just(new Deactivate())),
                Tuple.of(1, Arbitraries.just(new OrderAfterALateCancel())));
        Arbitrary<List<Step>> activeFirst = step.list().ofMinSize(20).ofMaxSize(80)
                .map(rest -> {
                    List<Step> all = new ArrayList<>(List.of(new Order(), new Provision(), new Activate()));
                    all.addAll(rest);
                    return all;
                });
        return Arbitraries.frequencyOf(Tuple.of(2, activeFirst), Tuple.of(1, step.list().ofMinSize(20).ofMaxSize(80)));
    }

    /** One user as the service keeps it, and what the test knows independently. */
    static final class Model {

        private final UserLifecycle lifecycle = UserLifecycle.standard();
        private final DecisionRules rules = new DecisionRules(new StrikeRules(MAX_FAILURES, LOCK));
        private final List<Challenge> challenges = new ArrayList<>();
        private Instant now = Instant.parse("2025-01-01T10:00:00Z");
        private LifecycleState state = LifecycleState.NONE;
        private Standing standing = fresh(LifecycleState.NONE);
        private boolean provisionedForCurrentOrder;
        private int oracleFailures;
        int strikeLocks;
        int refusedWhileLocked;
        int secondAnswers;
        int ordersAfterALateCancel;

        private static final class Challenge {
            final Instant expiresAt;
            boolean pending = true;
            int decisions;

            Challenge(Instant expiresAt) {
                this.expiresAt = expiresAt;
            }
        }

        void apply(Step step) {
            if (step instanceof Order) {
                // order-service refuses an order while the user has a live one (ALREADY_LIVE); it takes one again
                // after a deactivation, a failed or cancelled order, or while an earlier one failed unread here
                if (state == LifecycleState.NONE || state == LifecycleState.DEACTIVATED
                        || state == LifecycleState.ORDERED) {
                    order();
                }
            } else if (step instanceof OrderAfterALateCancel) {
                if (state == LifecycleState.PROVISIONED || state == LifecycleState.ACTIVE
                        || state == LifecycleState.LOCKED) {
                    LifecycleState before = state;
                    ordersAfterALateCancel++;
                    order().ifPresentOrElse(t -> {
                        assertThat(state).as("a new order takes the place of the one cancelled late")
                                .isEqualTo(LifecycleState.ORDERED);
                        assertThat(standing.consecutiveFailures()).as("with no strikes").isZero();
                    }, () -> {
                        throw new AssertionError("a new order is refused from " + before);
                    });
                }
            } else if (step instanceof Provision) {
                fire(LifecycleTrigger.PROVISION).ifPresent(t -> provisionedForCurrentOrder = true);
            } else if (step instanceof Activate) {
                LifecycleState before = state;
                fire(LifecycleTrigger.ACTIVATE).ifPresent(t -> {
                    assertThat(before).as("activation is accepted only from PROVISIONED")
                            .isEqualTo(LifecycleState.PROVISIONED);
                    assertThat(provisionedForCurrentOrder).as("the activated order was provisioned").isTrue();
                });
            } else if (step instanceof Issue) {
                if (state == LifecycleState.ACTIVE) {
                    challenges.add(new Challenge(now.plus(EXPIRY)));
                }
                // LOCKED: REJECTED_LOCKED without a challenge to answer and without a strike; otherwise 409
            } else if (step instanceof Answer answer) {
                if (!challenges.isEmpty()) {
                    // mostly the newest challenge (as a user answers), sometimes any earlier one (late, second)
                    int index = answer.challenge() % 3 == 0 ? answer.challenge() % challenges.size()
                            : challenges.size() - 1;
                    answer(challenges.get(index), answer.verdict());
                }
            } else if (step instanceof Advance advance) {
                now = now.plus(Duration.ofMinutes(advance.minutes()));
                expireAndUnlockByTimer();
            } else if (step instanceof AdminUnlock) {
                fire(LifecycleTrigger.UNLOCK).ifPresent(t -> resetStrikes());
            } else if (step instanceof Deactivate) {
                fire(LifecycleTrigger.DEACTIVATE).ifPresent(t -> {
                    provisionedForCurrentOrder = false;
                    resetStrikes();
                });
            }
        }

        private void answer(Challenge challenge, Verdict verdict) {
            boolean[] asked = {false};
            LifecycleState before = state;
            Standing standingBefore = standing;
            boolean late = now.isAfter(challenge.expiresAt);
            Ruling ruling = rules.decide(challenge.pending, challenge.expiresAt, standing, () -> {
                asked[0] = true;
                return verdict;
            }, now);

            if (!challenge.pending) {
                secondAnswers++;
                assertThat(ruling).as("a decided challenge is never decided again").isInstanceOf(AlreadyDecided.class);
                assertThat(asked[0]).as("a second answer is not even looked at").isFalse();
                return;
            }
            Decided decided = (Decided) ruling;
            challenge.pending = false;
            challenge.decisions++;
            assertThat(challenge.decisions).isEqualTo(1);
            if (before == LifecycleState.LOCKED) {
                refusedWhileLocked++;
                assertThat(asked[0]).as("no answer is checked while locked").isFalse();
                assertThat(decided.outcome()).as("a locked user never passes").isEqualTo(ChallengeOutcome.REJECTED_LOCKED);
                assertThat(decided.after()).as("no strike while locked").isEqualTo(standingBefore);
                return;
            }
            if (before != LifecycleState.ACTIVE) {
                assertThat(decided.outcome()).isNotEqualTo(ChallengeOutcome.SUCCEEDED);
                assertThat(asked[0]).isFalse();
                return;
            }
            assertThat(asked[0]).as("an answer in time is checked; a late one is not").isEqualTo(!late);
            Verdict effective = late ? Verdict.NO_ANSWER_IN_TIME : verdict;
            oracleFailures = effective == Verdict.RIGHT ? 0 : oracleFailures + 1;
            if (effective == Verdict.FRAUD) {
                assertThat(decided.outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
                assertThat(decided.after().fraudReportedAt()).isEqualTo(now);
                assertThat(decided.after().lockedUntil()).as("blocked until an admin unblocks").isNull();
            } else {
                assertThat(decided.outcome() == ChallengeOutcome.LOCKED_OUT)
                        .as("locked exactly at the fifth consecutive failure (count %d)", oracleFailures)
                        .isEqualTo(oracleFailures == MAX_FAILURES);
                assertThat(decided.decision().consecutiveFailures()).isEqualTo(oracleFailures);
                assertThat(decided.decision().remainingAttempts()).isEqualTo(MAX_FAILURES - oracleFailures);
                if (decided.locks()) {
                    strikeLocks++;
                    assertThat(decided.decision().lockedUntil()).isEqualTo(now.plus(LOCK));
                } else {
                    assertThat(decided.outcome()).isEqualTo(effective == Verdict.RIGHT ? ChallengeOutcome.SUCCEEDED
                            : effective == Verdict.NO_ANSWER_IN_TIME ? ChallengeOutcome.EXPIRED
                            : ChallengeOutcome.FAILED);
                }
            }
            assertThat(oracleFailures).isLessThanOrEqualTo(MAX_FAILURES);
            standing = decided.after();
            if (decided.locks()) {
                Transition lock = lifecycle.fire(state, LifecycleTrigger.LOCK);
                assertThat(lock.accepted()).isTrue();
                state = lock.state();
            }
            assertThat(standing.state()).isEqualTo(state);
        }

        /** The two durable timers: challenges past their expiry end EXPIRED, locks past lockedUntil end. */
        private void expireAndUnlockByTimer() {
            for (Challenge challenge : challenges) {
                if (challenge.pending && !challenge.expiresAt.isAfter(now)) {
                    answer(challenge, Verdict.NO_ANSWER_IN_TIME);
                }
            }
            if (state == LifecycleState.LOCKED && standing.lockedUntil() != null
                    && !standing.lockedUntil().isAfter(now)) {
                fire(LifecycleTrigger.UNLOCK).ifPresent(t -> resetStrikes());
            }
        }

        private java.util.Optional<Transition> fire(LifecycleTrigger trigger) {
            Transition transition = lifecycle.fire(state, trigger);
            if (!transition.accepted()) {
                assertThat(transition.state()).isEqualTo(state);
                return java.util.Optional.empty();
            }
            state = transition.state();
            standing = new Standing(state, standing.consecutiveFailures(), standing.lastFailureAt(),
                    standing.lockedUntil(), standing.fraudReportedAt());
            return java.util.Optional.of(transition);
        }

        /** A new order starts from scratch: nothing provisioned for it, no strikes, no lock. */
        private java.util.Optional<Transition> order() {
            java.util.Optional<Transition> ordered = fire(LifecycleTrigger.ORDER);
            ordered.ifPresent(t -> {
                provisionedForCurrentOrder = false;
                resetStrikes();
            });
            return ordered;
        }

        private void resetStrikes() {
            oracleFailures = 0;
            standing = fresh(state);
        }

        private static Standing fresh(LifecycleState state) {
            return new Standing(state, 0, null, null, null);
        }
    }
}

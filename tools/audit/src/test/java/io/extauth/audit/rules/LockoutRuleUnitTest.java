package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Unlocked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockoutRuleUnitTest {

    @Test
    void aLockAtTheFifthFailureEndedByTheTimerOrAnAdminIsClean() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.rejectedWhileLocked();
        jane.rejectedWhileLocked();
        jane.unlockedByTimer();
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());
        jane.login(ChallengeOutcome.SUCCEEDED);

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void aChallengeTheVendorCouldNotDeliverIsNoStrikeAndNoSuccessSoTheFifthFailureAfterItStillLocks() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
            jane.login(ChallengeOutcome.NOT_DELIVERED);
        }
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void aChallengeWithdrawnWhenTheFactorChangedIsNoStrikeSoLockingAtItsCountIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.WITHDRAWN);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();
        assertThat(run(jane.events()).violations()).isEmpty();

        History joe = new History("1234", "joe").onboarded("o-2");
        for (int i = 0; i < 3; i++) {
            joe.login(ChallengeOutcome.FAILED);
        }
        joe.login(ChallengeOutcome.WITHDRAWN);
        joe.login(ChallengeOutcome.LOCKED_OUT);
        joe.unlockedByTimer();
        assertThat(onlyViolation(run(joe.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE).explanation())
                .isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFifthFailureCountingAnUndeliveredChallengeAsAStrikeIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.NOT_DELIVERED);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFraudReportMadeLaterExcusesNoLockoutThatCameBeforeItsFifthFailure() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent premature = jane.fraudLock(false);
        ChallengeResult lock = premature.as(ChallengeResult.class);
        jane.wait(Duration.ofMinutes(30));
        // a report of that challenge half an hour later: challenge-service writes a report with its decision
        jane.add(new FraudReported("1234", "jane", lock.challengeId(), LoginChannel.PORTAL,
                PhoneFactorMethod.PHONE_CALL_STANDARD, jane.now()));
        jane.unlocked("admin-1234", jane.now());

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 2, not at the fifth, and the "
                + "FraudReported for challenge " + lock.challengeId() + " was not reported with its decision");
        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.fraudReport();
        joe.unlocked("admin-1234", joe.now());
        assertThat(run(joe.events()).violations()).as("reported when it was decided").isEmpty();
    }

    @Test
    void aReportOrAResultWithoutItsTimeOrAForgedEarlierReportNeitherEndsTheAuditNorHidesTheRealReport() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent locked = jane.fraudLock(false);
        String challengeId = locked.as(ChallengeResult.class).challengeId();
        // a forged report dated a day before, one without a time, then the real one with the decision
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null,
                locked.as(ChallengeResult.class).decidedAt().minus(Duration.ofDays(1))));
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null, null));
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null,
                locked.as(ChallengeResult.class).decidedAt()));
        jane.unlocked("admin-1234", jane.now());
        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.issued("joe-undated");
        joe.add(new ChallengeResult("1234", "joe", "joe-undated", LoginChannel.PORTAL, ChallengeOutcome.LOCKED_OUT, 2,
                0, null, null));
        joe.add(new FraudReported("1234", "joe", "joe-undated", LoginChannel.PORTAL, null, joe.now()));

        assertThat(run(jane.events()).violations()).as("the real report counts").isEmpty();
        assertThat(onlyViolation(run(joe.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE).explanation())
                .as("an undated result is judged, not thrown on").contains("was not reported with its decision");
    }

    @Test
    void aLockoutAtTheFourthFailureIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent lock = jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).hasSize(4).endsWith(lock.id());
        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFifthFailureThatDoesNotLockIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        AuditEvent fifth = jane.login(ChallengeOutcome.EXPIRED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).hasSize(5).endsWith(fifth.id());
        assertThat(violation.explanation()).contains("EXPIRED, not LOCKED_OUT");
    }

    @Test
    void aRejectionWhileLockedIsNoStrikeButASuccessResetsTheCount() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent lock = jane.login(ChallengeOutcome.LOCKED_OUT);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).endsWith(lock.id());
        assertThat(violation.explanation()).contains("failure 2");
    }

    @Test
    void aSuccessWhileLockedIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.lockOut();
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.SUCCEEDED_WHILE_LOCKED);

        assertThat(ids(violation)).containsExactly(lock.id(), success.id());
    }

    @Test
    void aTimerUnlockBeforeLockedUntilIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.lockOut();
        jane.wait(Duration.ofMinutes(10));
        AuditEvent early = jane.unlocked(Unlocked.BY_TIMER, jane.now());

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCK_ENDED_EARLY);

        assertThat(ids(violation)).containsExactly(lock.id(), early.id());
        assertThat(violation.explanation()).contains(jane.lockedUntil().toString());
    }

    @Test
    void anAdminMayUnlockAtAnyTime() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    // --- the strike settings challenge-service runs with (--max-failures, --counter-reset-window) ---

    private static final StrikeSettings THIRTY_MINUTE_WINDOW = new StrikeSettings(5, Duration.ofMinutes(30));

    /** Four failures, then {@code quiet} from the fourth's decision to the next one's; returns the fourth. */
    private static AuditEvent fourFailuresThenQuiet(History history, Duration quiet) {
        for (int i = 0; i < 3; i++) {
            history.login(ChallengeOutcome.FAILED);
        }
        AuditEvent fourth = history.login(ChallengeOutcome.FAILED);
        // the next login's ChallengeIssued and ChallengeResult take a second each
        history.wait(quiet.minusSeconds(2));
        return fourth;
    }

    @Test
    void withACounterResetWindowAFailureAfterTheWindowStartsTheCountAgainAsTheServiceCountsIt() {
        History jane = new History("1234", "jane").onboarded("o-1");
        fourFailuresThenQuiet(jane, Duration.ofMinutes(31));
        jane.strikesForgotten();
        AuditEvent first = jane.login(ChallengeOutcome.FAILED); // challenge-service: consecutiveFailures 1
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        assertThat(first.as(ChallengeResult.class).consecutiveFailures()).isEqualTo(1);
        assertThat(run(jane.events(), THIRTY_MINUTE_WINDOW).violations()).isEmpty();
        assertThat(run(jane.events(), StrikeSettings.DEFAULTS).violations()).extracting(Violation::explanation)
                .as("told nothing of the window, the audit counts on").contains(
                        "the fifth consecutive failure was FAILED, not LOCKED_OUT",
                        "LOCKED_OUT at consecutive failure 9, not at the fifth");
    }

    @Test
    void theWindowHasPassedAtExactlyItsLengthAsInStrikeRulesNotASecondBefore() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent fourth = fourFailuresThenQuiet(jane, Duration.ofMinutes(30));
        jane.strikesForgotten();
        AuditEvent restarted = jane.login(ChallengeOutcome.FAILED);
        assertThat(Duration.between(fourth.as(ChallengeResult.class).decidedAt(),
                restarted.as(ChallengeResult.class).decidedAt())).isEqualTo(Duration.ofMinutes(30));
        assertThat(run(jane.events(), THIRTY_MINUTE_WINDOW).violations()).isEmpty();

        History joe = new History("1234", "joe").onboarded("o-2");
        fourFailuresThenQuiet(joe, Duration.ofMinutes(30).minusSeconds(1));
        joe.login(ChallengeOutcome.LOCKED_OUT); // still the fifth in a row
        joe.unlockedByTimer();
        assertThat(run(joe.events(), THIRTY_MINUTE_WINDOW).violations()).isEmpty();

        History ann = new History("1234", "ann").onboarded("o-3");
        fourFailuresThenQuiet(ann, Duration.ofMinutes(30).minusSeconds(1));
        AuditEvent fifth = ann.login(ChallengeOutcome.FAILED);
        assertThat(ids(onlyViolation(run(ann.events(), THIRTY_MINUTE_WINDOW),
                ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE))).hasSize(5).endsWith(fifth.id());
    }

    @Test
    void aLockAfterTheWindowAtTheFifthOfTheOldCountIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        fourFailuresThenQuiet(jane, Duration.ofHours(2));
        AuditEvent lock = jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events(), THIRTY_MINUTE_WINDOW),
                ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).containsExactly(lock.id());
        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 1, not at the fifth");
    }

    @Test
    void withThreeMaxFailuresTheThirdFailureLocks() {
        StrikeSettings three = new StrikeSettings(3, Duration.ZERO);
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.SUCCEEDED);

        assertThat(run(jane.events(), three).violations()).isEmpty();
        assertThat(onlyViolation(run(jane.events(), StrikeSettings.DEFAULTS),
                ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE).explanation())
                .isEqualTo("LOCKED_OUT at consecutive failure 3, not at the fifth");

        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.login(ChallengeOutcome.FAILED);
        AuditEvent third = joe.login(ChallengeOutcome.FAILED);
        Violation violation = onlyViolation(run(joe.events(), three), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);
        assertThat(ids(violation)).hasSize(3).endsWith(third.id());
        assertThat(violation.explanation()).isEqualTo("the third consecutive failure was FAILED, not LOCKED_OUT");
    }

    @Test
    void theReplayLocksAtTheGivenThresholdAndCountsWithTheWindow() {
        History jane = new History("1234", "jane").onboarded("o-1");
        fourFailuresThenQuiet(jane, Duration.ofMinutes(31));
        jane.strikesForgotten();
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);

        UserHistory windowed = Auditor.standard(THIRTY_MINUTE_WINDOW).audit(jane.events(), java.util.List.of(),
                History.AS_OF).users().get(0);
        Step afterFailure = windowed.steps().get(windowed.steps().size() - 3);
        assertThat(afterFailure.transition().strikes()).isEqualTo(1);
        assertThat(afterFailure.stateAfter()).isEqualTo(io.extauth.lifecycle.LifecycleState.ACTIVE);
        assertThat(windowed.steps().get(windowed.steps().size() - 1).event()).isSameAs(success);
        assertThat(windowed.steps().get(windowed.steps().size() - 1).transition().accepted()).isTrue();

        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.login(ChallengeOutcome.FAILED);
        joe.login(ChallengeOutcome.LOCKED_OUT);
        UserHistory three = Auditor.standard(new StrikeSettings(3, Duration.ZERO)).audit(joe.events(),
                java.util.List.of(), History.AS_OF).users().get(0);
        Step lock = three.steps().get(three.steps().size() - 1);
        assertThat(lock.transition().trigger()).as("the count locked, not a LOCK of its own")
                .isEqualTo(io.extauth.lifecycle.LifecycleTrigger.FAIL);
        assertThat(lock.stateAfter()).isEqualTo(io.extauth.lifecycle.LifecycleState.LOCKED);
    }

    @Test
    void aStrikeWhoseCountIsNotTheAuditsIsAMismatchShownOncePerStreak() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent second = jane.login(ChallengeOutcome.FAILED);
        // challenge-service says the third strike is the fourth (a strike it counted twice, or one it never reset)
        AuditEvent miscounted = jane.strikeSaying(ChallengeOutcome.FAILED, 4);
        jane.strikeSaying(ChallengeOutcome.EXPIRED, 5); // the same streak: not shown again
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.STRIKE_COUNT_MISMATCH);

        assertThat(ids(violation)).hasSize(3).contains(second.id()).endsWith(miscounted.id());
        assertThat(violation.explanation()).isEqualTo("FAILED of challenge "
                + miscounted.as(ChallengeResult.class).challengeId()
                + " says consecutive failure 4, the audit counts 3");
        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        // a strike that says none but leaves fewer attempts is no decision of a user no longer active
        joe.strikeSaying(ChallengeOutcome.FAILED, 0);
        assertThat(onlyViolation(run(joe.events()), ViolationKind.STRIKE_COUNT_MISMATCH).explanation())
                .endsWith("says consecutive failure 0, the audit counts 2");
    }

    @Test
    void withACounterResetWindowTheAuditTellsTheCountTheServiceShouldHaveSaid() {
        History jane = new History("1234", "jane").onboarded("o-1");
        fourFailuresThenQuiet(jane, Duration.ofMinutes(45));
        // challenge-service run without the window (or the audit told a wrong one): the count went on
        AuditEvent fifth = jane.strikeSaying(ChallengeOutcome.FAILED, 2);

        assertThat(onlyViolation(run(jane.events(), THIRTY_MINUTE_WINDOW), ViolationKind.STRIKE_COUNT_MISMATCH)
                .explanation()).endsWith("says consecutive failure 2, the audit counts 1");
        assertThat(ids(onlyViolation(run(jane.events(), THIRTY_MINUTE_WINDOW),
                ViolationKind.STRIKE_COUNT_MISMATCH))).containsExactly(fifth.id());
    }

    // --- an order again: challenge-service fails the open challenges without a strike and starts from scratch ---

    /** A challenge issued while the user was active, its result after {@code between}: FAILED, 0 strikes, 0 left. */
    private static AuditEvent openChallengeFailedWithoutStrikeAround(History history, Runnable between) {
        return history.failedWithoutStrikeAround(between);
    }

    @Test
    void theOpenChallengesOfAUserOrderedAgainAreNoStrikesAndTheNewOrderStartsFromScratch() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        // the new order as order-service stamped it, earlier than challenge-service's decision of the open challenge
        Instant placed = jane.now();
        jane.wait(Duration.ofMillis(500));
        openChallengeFailedWithoutStrikeAround(jane, () -> jane.orderedAt("o-2", placed));
        openChallengeFailedWithoutStrikeAround(jane, () -> { });
        jane.provisioned("o-2");
        jane.email("o-2", "provisioned-phonefactor");
        jane.activated();
        jane.email("o-2", "activated");
        jane.lockOut();
        jane.unlockedByTimer();

        AuditResult result = run(jane.events());

        assertThat(result.violations()).isEmpty();
    }

    @Test
    void aNoStrikeFailureReplayedBeforeTheOrderThatCausedItIsNoStrikeEither() {
        // the decision's instance clock behind order-service's: the FAILED replays before the AuthOrdered
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        openChallengeFailedWithoutStrikeAround(jane, () -> { });
        jane.ordered("o-2");
        jane.provisioned("o-2");
        jane.email("o-2", "provisioned-phonefactor");
        jane.activated();
        jane.email("o-2", "activated");
        jane.login(ChallengeOutcome.SUCCEEDED);

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void theOpenChallengesOfAUserDeactivatedAreNoStrikesWhicheverOfTheTwoReplaysFirst() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        // the deactivation replayed first, then its open challenges
        openChallengeFailedWithoutStrikeAround(jane, jane::deactivated);
        openChallengeFailedWithoutStrikeAround(jane, () -> { });
        History john = jane.andUser("1234", "john").onboarded("o-2");
        for (int i = 0; i < 4; i++) {
            john.login(ChallengeOutcome.FAILED);
        }
        // the decision's instance clock behind the deactivating one's: the FAILED replays before the Deactivated
        openChallengeFailedWithoutStrikeAround(john, () -> { });
        john.deactivated();

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void anActiveUsersFailuresRecordedAsNoStrikeWithNoEndOfActivityNearThemAreStrikes() {
        // a challenge-service that recorded an active user's wrong answers as FAILED 0/0 gave unlimited guesses
        History jane = new History("1234", "jane").onboarded("o-1");
        List<AuditEvent> results = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            results.add(openChallengeFailedWithoutStrikeAround(jane, () -> { }));
        }

        AuditResult result = run(jane.events());

        assertThat(result.violations()).extracting(Violation::kind).containsExactlyInAnyOrder(
                ViolationKind.STRIKE_COUNT_MISMATCH, ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);
        Violation mismatch = kind(result, ViolationKind.STRIKE_COUNT_MISMATCH);
        assertThat(mismatch.explanation()).endsWith("says consecutive failure 0, the audit counts 1");
        assertThat(ids(mismatch)).containsExactly(results.get(0).id());
        Violation fifth = kind(result, ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);
        assertThat(fifth.explanation()).isEqualTo("the fifth consecutive failure was FAILED, not LOCKED_OUT");
        assertThat(ids(fifth)).containsExactlyElementsOf(results.subList(0, 5).stream().map(AuditEvent::id).toList());
    }

    private static Violation kind(AuditResult result, ViolationKind kind) {
        return result.violations().stream().filter(v -> v.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aNoStrikeFailureFollowedByAnOrderOrDeactivationOnlyLaterThanClocksDifferIsAStrike() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        AuditEvent fifth = openChallengeFailedWithoutStrikeAround(jane, () -> { });
        jane.wait(LifecycleReplay.ORDER_CLOCKS_AGREE_WITHIN);
        jane.ordered("o-2");
        History john = jane.andUser("1234", "john").onboarded("o-3");
        for (int i = 0; i < 4; i++) {
            john.login(ChallengeOutcome.FAILED);
        }
        AuditEvent johnsFifth = openChallengeFailedWithoutStrikeAround(john, () -> { });
        john.wait(LifecycleReplay.ORDER_CLOCKS_AGREE_WITHIN);
        john.deactivated();

        AuditResult result = run(jane.events());

        assertThat(result.violations()).extracting(Violation::kind).containsExactly(
                ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE, ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);
        assertThat(result.violations()).extracting(v -> ids(v).get(ids(v).size() - 1))
                .containsExactlyInAnyOrder(fifth.id(), johnsFifth.id());
    }

    @Test
    void afterAnOrderAgainALockAtTheWrongCountIsStillFound() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        openChallengeFailedWithoutStrikeAround(jane, () -> jane.ordered("o-2"));
        jane.provisioned("o-2");
        jane.email("o-2", "provisioned-phonefactor");
        jane.activated();
        jane.email("o-2", "activated");
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        AuditEvent early = jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        AuditEvent unlocked = jane.login(ChallengeOutcome.FAILED);

        AuditResult result = run(jane.events());

        assertThat(result.violations()).extracting(Violation::kind).containsExactly(
                ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE, ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);
        assertThat(result.violations()).extracting(Violation::explanation).containsExactlyInAnyOrder(
                "LOCKED_OUT at consecutive failure 4, not at the fifth",
                "the fifth consecutive failure was FAILED, not LOCKED_OUT");
        assertThat(result.violations()).extracting(v -> ids(v).get(ids(v).size() - 1))
                .containsExactlyInAnyOrder(early.id(), unlocked.id());
    }
}

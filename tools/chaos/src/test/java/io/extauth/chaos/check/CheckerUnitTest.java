package io.extauth.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerUnitTest {

    private static final String PHASE = "kill -9 kafka-2";

    private final Ledger ledger = new Ledger();
    private final History history = new History();

    private List<Finding> check() {
        return Checker.check(ledger, history.events, history.smtp);
    }

    private List<String> subjects(Finding.Kind kind) {
        return check().stream().filter(f -> f.kind() == kind).map(Finding::subject).toList();
    }

    @Test
    void aCleanHistoryHasNoFinding() {
        ledger.ordered(PHASE, "ann");
        ledger.ordered(PHASE, "bob");
        ledger.challenged(PHASE, "c-1", "carl", Intent.RIGHT);
        ledger.challenged(PHASE, "c-2", "carl", Intent.WRONG);
        ledger.challenged(PHASE, "c-3", "dora", Intent.UNANSWERED);
        history.orderDone("ann").orderDone("bob")
                .issued("carl", "c-1").result("carl", "c-1", ChallengeOutcome.SUCCEEDED)
                .issued("carl", "c-2").result("carl", "c-2", ChallengeOutcome.FAILED)
                .issued("dora", "c-3").result("dora", "c-3", ChallengeOutcome.EXPIRED)
                .emailSent("carl", "activated").delivered("carl", "activated");

        assertThat(check()).isEmpty();
    }

    @Test
    void aChallengeTheVendorCouldNotDeliverHasItsOneResultAndIsNoStrikeWhetherTheDriverGotItsIdOrNot() {
        ledger.challenged(PHASE, "c-1", "carl", Intent.RIGHT);
        history.issued("carl", "c-1").result("carl", "c-1", ChallengeOutcome.NOT_DELIVERED)
                .issued("carl", "c-2").result("carl", "c-2", ChallengeOutcome.NOT_DELIVERED);

        assertThat(check()).isEmpty();
    }

    @Test
    void anOrderThatWasNeverProvisionedNorMailedIsLostTwiceOver() {
        ledger.ordered(PHASE, "ann");
        history.ordered("ann");

        assertThat(check()).allSatisfy(f -> assertThat(f.phase()).isEqualTo(PHASE));
        assertThat(subjects(Finding.Kind.LOST)).containsExactlyInAnyOrder("Provisioned of ann",
                "provisioning EmailSent of ann");
    }

    @Test
    void aProvisioningThatFailedIsNotAProvisioning() {
        ledger.ordered(PHASE, "ann");
        history.ordered("ann").provisioningFailed("ann");

        assertThat(check()).filteredOn(f -> f.subject().equals("Provisioned of ann"))
                .singleElement().satisfies(f -> assertThat(f.detail()).contains("ProvisioningFailed instead"));
    }

    @Test
    void anOrderPublishedTwiceIsDoubled() {
        ledger.ordered(PHASE, "ann");
        history.orderDone("ann").ordered("ann").provisioned("ann");

        assertThat(subjects(Finding.Kind.DOUBLED)).containsExactlyInAnyOrder("AuthOrdered of ann",
                "Provisioned of ann");
        assertThat(subjects(Finding.Kind.LOST)).isEmpty();
    }

    @Test
    void anEmailTheSmtpServerGotTwiceUnderOneEmailSentIsResentNotDoubledAndOneItNeverGotIsLost() {
        ledger.ordered(PHASE, "ann");
        ledger.ordered(PHASE, "bob");
        history.orderDone("ann").delivered("ann", "provisioned-phonefactor")
                .ordered("bob").provisioned("bob").emailSent("bob", "provisioned-phonefactor");

        assertThat(subjects(Finding.Kind.RESENT))
                .containsExactly("SMTP message " + History.messageId("ann", "provisioned-phonefactor"));
        assertThat(subjects(Finding.Kind.DOUBLED)).isEmpty();
        assertThat(subjects(Finding.Kind.LOST))
                .containsExactly("SMTP message " + History.messageId("bob", "provisioned-phonefactor"));
    }

    @Test
    void anEmailSentTwiceAsEventsAndOverSmtpIsDoubled() {
        ledger.ordered(PHASE, "ann");
        history.orderDone("ann").emailSent("ann", "provisioned-phonefactor")
                .delivered("ann", "provisioned-phonefactor");

        assertThat(subjects(Finding.Kind.DOUBLED)).contains(
                "EmailSent " + History.messageId("ann", "provisioned-phonefactor"));
        assertThat(subjects(Finding.Kind.RESENT)).isEmpty();
    }

    @Test
    void eventsPublishedAgainWithTheSameIdAreNotDoubled() {
        ledger.ordered(PHASE, "ann");
        ledger.challenged(PHASE, "c-1", "carl", Intent.RIGHT);
        history.ordered("ann").republished().provisioned("ann").republished()
                .emailSent("ann", "provisioned-phonefactor").republished().delivered("ann", "provisioned-phonefactor")
                .issued("carl", "c-1").republished().result("carl", "c-1", ChallengeOutcome.SUCCEEDED).republished();

        assertThat(check()).isEmpty();
    }

    @Test
    void aChallengeWithoutAResultIsLostAndOneDecidedTwiceIsDoubled() {
        ledger.challenged(PHASE, "c-1", "carl", Intent.RIGHT);
        ledger.challenged(PHASE, "c-2", "carl", Intent.RIGHT);
        history.issued("carl", "c-1")
                .issued("carl", "c-2").result("carl", "c-2", ChallengeOutcome.SUCCEEDED)
                .result("carl", "c-2", ChallengeOutcome.SUCCEEDED);

        assertThat(subjects(Finding.Kind.LOST)).containsExactly("ChallengeResult c-1");
        assertThat(subjects(Finding.Kind.DOUBLED)).containsExactly("ChallengeResult c-2");
    }

    @Test
    void aStrikeForARightAnswerIsUnearned() {
        ledger.challenged(PHASE, "c-1", "carl", Intent.RIGHT);
        history.issued("carl", "c-1").result("carl", "c-1", ChallengeOutcome.EXPIRED);

        assertThat(check()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.UNEARNED_STRIKE);
            assertThat(f.phase()).isEqualTo(PHASE);
            assertThat(f.detail()).contains("EXPIRED");
        });
    }

    @Test
    void strikesForWrongAndUnansweredChallengesAreEarned() {
        ledger.challenged(PHASE, "c-1", "carl", Intent.WRONG);
        ledger.challenged(PHASE, "c-2", "carl", Intent.UNANSWERED);
        ledger.challenged(PHASE, "c-3", "carl", Intent.WRONG);
        history.issued("carl", "c-1").result("carl", "c-1", ChallengeOutcome.FAILED)
                .issued("carl", "c-2").result("carl", "c-2", ChallengeOutcome.EXPIRED)
                .issued("carl", "c-3").result("carl", "c-3", ChallengeOutcome.LOCKED_OUT);

        assertThat(check()).isEmpty();
    }

    @Test
    void aStrikeOnAChallengeTheUserWasNeverGivenIsUnearnedAndBelongsToNoPhaseYet() {
        history.issued("carl", "c-9").result("carl", "c-9", ChallengeOutcome.EXPIRED);

        assertThat(check()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.UNEARNED_STRIKE);
            assertThat(f.subject()).isEqualTo("challenge c-9");
            assertThat(f.phase()).isNull();
        });
    }

    @Test
    void aChallengeNeverGivenThatEndedWithoutAStrikeIsNoFinding() {
        history.issued("carl", "c-9").result("carl", "c-9", ChallengeOutcome.REJECTED_LOCKED);

        assertThat(check()).isEmpty();
    }
}

package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningUnitTest {

    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void aSymantecOrderWithoutCredentialCannotGoToTheVendor() {
        assertThat(Provisioning.problemWith(order(AuthType.SYMANTEC_VIP, null))).hasValueSatisfying(
                problem -> assertThat(problem).contains("credentialId"));
        assertThat(Provisioning.problemWith(order(AuthType.SYMANTEC_VIP, "VSST12345678"))).isEmpty();
        assertThat(Provisioning.problemWith(order(AuthType.PHONEFACTOR, null))).isEmpty();
    }

    @Test
    void phoneFactorIsNotToldACredential() {
        assertThat(Provisioning.vendorOrder(order(AuthType.PHONEFACTOR, "VSST12345678")).credentialId()).isNull();
        assertThat(Provisioning.vendorOrder(order(AuthType.SYMANTEC_VIP, "VSST12345678")).credentialId())
                .isEqualTo("VSST12345678");
    }

    @Test
    void anOrderNeverTriedIsDroppedAndOneTriedOrProvisionedIsRemovedAtTheVendor() {
        assertThat(Provisioning.undo(record(ProvisioningStatus.PENDING, 0))).isEqualTo(Provisioning.Undo.DROP);
        // a call that timed out may have created it at the vendor: take it back there
        assertThat(Provisioning.undo(record(ProvisioningStatus.PENDING, 2)))
                .isEqualTo(Provisioning.Undo.REMOVE_AT_VENDOR);
        assertThat(Provisioning.undo(record(ProvisioningStatus.PROVISIONED, 1)))
                .isEqualTo(Provisioning.Undo.REMOVE_AT_VENDOR);
        for (ProvisioningStatus done : List.of(ProvisioningStatus.FAILED, ProvisioningStatus.CANCELLED,
                ProvisioningStatus.DEPROVISIONING, ProvisioningStatus.DEPROVISIONED,
                ProvisioningStatus.DEPROVISION_FAILED)) {
            assertThat(Provisioning.undo(record(done, 1))).as(done.name()).isEqualTo(Provisioning.Undo.NOTHING);
        }
    }

    @Test
    void aDeactivationConcernsOnlyOrdersPlacedBeforeIt() {
        ProvisioningRecord before = record(ProvisioningStatus.PROVISIONED, 1);
        ProvisioningRecord after = new ProvisioningRecord("o-2", "1234", "u-1", AuthType.PHONEFACTOR, null, null,
                NOW.plusSeconds(5), null, ProvisioningStatus.PENDING, 0, 0, null, null, NOW, null);

        assertThat(Provisioning.concernedBy(List.of(before, after), NOW.plusSeconds(1))).containsExactly(before);
    }

    @Test
    void anAcceptedOrderIsProvisionedWithTheVendorsReference() {
        VendorOrder order = Provisioning.vendorOrder(order(AuthType.PHONEFACTOR, null));

        Provisioning.Outcome outcome = Provisioning.outcome(order, new VendorAnswer.Accepted("PF-1"), 2, NOW);

        assertThat(outcome.status()).isEqualTo(ProvisioningStatus.PROVISIONED);
        assertThat(outcome.event()).isEqualTo(new Provisioned("1234", "u-1", "o-1", AuthType.PHONEFACTOR, "PF-1", NOW));
    }

    @Test
    void aRefusedOrderFailsWithTheVendorsReasonAndTheAttempts() {
        VendorOrder order = Provisioning.vendorOrder(order(AuthType.SYMANTEC_VIP, "VSST12345678"));

        Provisioning.Outcome outcome = Provisioning.outcome(order, new VendorAnswer.Refused("CREDENTIAL_UNKNOWN: no"),
                3, NOW);

        assertThat(outcome.status()).isEqualTo(ProvisioningStatus.FAILED);
        assertThat(outcome.failureReason()).isEqualTo("CREDENTIAL_UNKNOWN: no");
        assertThat(outcome.event()).isEqualTo(new ProvisioningFailed("1234", "u-1", "o-1", AuthType.SYMANTEC_VIP,
                "CREDENTIAL_UNKNOWN: no", 3));
    }

    @Test
    void aRemovalEndsCancelledOrDeprovisionedByItsCauseOrFailedWhenRefused() {
        assertThat(Provisioning.afterDeprovisioning(new VendorAnswer.Accepted("PF-1"), UndoCause.DEACTIVATED))
                .isEqualTo(ProvisioningStatus.DEPROVISIONED);
        assertThat(Provisioning.afterDeprovisioning(new VendorAnswer.Accepted("PF-1"), UndoCause.CANCELLED))
                .isEqualTo(ProvisioningStatus.CANCELLED);
        assertThat(Provisioning.afterDeprovisioning(new VendorAnswer.Refused("no"), UndoCause.DEACTIVATED))
                .isEqualTo(ProvisioningStatus.DEPROVISION_FAILED);
    }

    @Test
    void aVendorThatCannotAnswerNowIsAnAttemptToRepeatNotAnAnswer() {
        assertThat(Attempt.of(() -> {
            throw new VendorUnavailableException("503 SIMULATED_OUTAGE");
        })).isEqualTo(new Attempt.Unavailable("503 SIMULATED_OUTAGE"));
        assertThat(Attempt.of(() -> new VendorAnswer.Refused("CREDENTIAL_UNKNOWN")))
                .isEqualTo(new Attempt.Answered(new VendorAnswer.Refused("CREDENTIAL_UNKNOWN")));
    }

    @Test
    void theVendorOrderKeepsTheAddressOutOfItsText() {
        assertThat(Provisioning.vendorOrder(order(AuthType.PHONEFACTOR, null)).toString())
                .doesNotContain("jane.doe@example.com");
        assertThat(record(ProvisioningStatus.PENDING, 0).toString()).doesNotContain("jane.doe@example.com");
    }

    @Test
    void theVendorIsAskedTheSameOnEveryRetryAsOnTheFirstAttempt() {
        AuthOrdered ordered = order(AuthType.SYMANTEC_VIP, "VSST12345678");
        ProvisioningRecord kept = new ProvisioningRecord("o-1", "1234", "u-1", AuthType.SYMANTEC_VIP, "VSST12345678",
                "jane.doe@example.com", NOW, null, ProvisioningStatus.PENDING, 3, 0, null, null, NOW, null);

        assertThat(Provisioning.vendorOrder(kept)).isEqualTo(Provisioning.vendorOrder(ordered));
    }

    private static AuthOrdered order(AuthType type, String credentialId) {
        return new AuthOrdered("1234", "u-1", "o-1", type, credentialId, "jane.doe@example.com", null,
                new BigDecimal("4.00"), OrderChannel.PORTAL, NOW);
    }

    private static ProvisioningRecord record(ProvisioningStatus status, int attempts) {
        return new ProvisioningRecord("o-1", "1234", "u-1", AuthType.PHONEFACTOR, null, "jane.doe@example.com", NOW,
                "PF-1", status, attempts, 0, null, null, null, null);
    }
}

package io.extauth.provisioning.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    void onlyAnUnknownOrPendingOrderIsTakenToTheVendor() {
        assertThat(Provisioning.needsVendor(Optional.empty())).isTrue();
        assertThat(Provisioning.needsVendor(Optional.of(record(ProvisioningStatus.PENDING)))).isTrue();
        for (ProvisioningStatus settled : List.of(ProvisioningStatus.PROVISIONED, ProvisioningStatus.FAILED,
                ProvisioningStatus.DEPROVISIONED, ProvisioningStatus.DEPROVISION_FAILED)) {
            assertThat(Provisioning.needsVendor(Optional.of(record(settled)))).as(settled.name()).isFalse();
        }
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
    void deactivationRemovesOnlyWhatIsStillProvisioned() {
        List<ProvisioningRecord> ofUser = List.of(record(ProvisioningStatus.FAILED),
                record(ProvisioningStatus.PROVISIONED), record(ProvisioningStatus.DEPROVISIONED));

        assertThat(Provisioning.toDeprovision(ofUser)).extracting(ProvisioningRecord::status)
                .containsExactly(ProvisioningStatus.PROVISIONED);
        assertThat(Provisioning.afterDeprovisioning(new VendorAnswer.Accepted("PF-1")))
                .isEqualTo(ProvisioningStatus.DEPROVISIONED);
        assertThat(Provisioning.afterDeprovisioning(new VendorAnswer.Refused("no")))
                .isEqualTo(ProvisioningStatus.DEPROVISION_FAILED);
    }

    @Test
    void theVendorOrderKeepsTheAddressOutOfItsText() {
        assertThat(Provisioning.vendorOrder(order(AuthType.PHONEFACTOR, null)).toString())
                .doesNotContain("jane.doe@example.com");
    }

    private static AuthOrdered order(AuthType type, String credentialId) {
        return new AuthOrdered("1234", "u-1", "o-1", type, credentialId, "jane.doe@example.com", null,
                new BigDecimal("4.00"), OrderChannel.PORTAL, NOW);
    }

    private static ProvisioningRecord record(ProvisioningStatus status) {
        return new ProvisioningRecord("o-1", "1234", "u-1", AuthType.PHONEFACTOR, null, "PF-1", status, 1, null);
    }
}

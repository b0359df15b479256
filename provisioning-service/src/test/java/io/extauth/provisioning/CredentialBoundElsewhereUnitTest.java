package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialBoundElsewhereUnitTest {

    private static final Instant ORDERED = Instant.parse("2025-01-01T10:00:00Z");
    private static final CredentialBoundElsewhere RULE = new CredentialBoundElsewhere(Duration.ofMinutes(10));
    private static final Attempt BOUND_ELSEWHERE = new Attempt.Answered(new VendorAnswer.Refused(
            "CREDENTIAL_BOUND_ELSEWHERE: Credential VSST12345678 is bound to another user.",
            "CREDENTIAL_BOUND_ELSEWHERE"));

    @Test
    void aSymantecOrderRefusedForAnotherUsersHoldOnItsCredentialWaitsWhileItIsYoungerThanTheBound() {
        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), BOUND_ELSEWHERE, ORDERED.plus(Duration.ofMinutes(9))))
                .isEqualTo(new Attempt.Unavailable("waiting for the credential's former user to be removed at VIP"));
    }

    @Test
    void pastTheBoundTheRefusalIsForGoodWithTheVendorsReason() {
        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), BOUND_ELSEWHERE, ORDERED.plus(Duration.ofMinutes(10))))
                .isSameAs(BOUND_ELSEWHERE);
    }

    @Test
    void everyOtherRefusalIsForGoodAtOnce() {
        Attempt unknown = new Attempt.Answered(new VendorAnswer.Refused("CREDENTIAL_UNKNOWN: no such credential",
                "CREDENTIAL_UNKNOWN"));
        // the code, not the words: a detail that mentions the code is another refusal
        Attempt mentioned = new Attempt.Answered(new VendorAnswer.Refused("CREDENTIAL_BOUND_ELSEWHERE"));
        Attempt phoneFactor = new Attempt.Answered(new VendorAnswer.Refused("USER_REJECTED: no", "USER_REJECTED"));

        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), unknown, ORDERED)).isSameAs(unknown);
        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), mentioned, ORDERED)).isSameAs(mentioned);
        assertThat(RULE.counted(order(AuthType.PHONEFACTOR), phoneFactor, ORDERED)).isSameAs(phoneFactor);
        assertThat(RULE.counted(order(AuthType.PHONEFACTOR), BOUND_ELSEWHERE, ORDERED)).isSameAs(BOUND_ELSEWHERE);
    }

    @Test
    void anAcceptanceOrNoAnswerIsLeftAsItIs() {
        Attempt accepted = new Attempt.Answered(new VendorAnswer.Accepted("VIP-1"));
        Attempt unavailable = new Attempt.Unavailable("timed out");

        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), accepted, ORDERED)).isSameAs(accepted);
        assertThat(RULE.counted(order(AuthType.SYMANTEC_VIP), unavailable, ORDERED)).isSameAs(unavailable);
    }

    private static ProvisioningRecord order(AuthType type) {
        return new ProvisioningRecord("o-1", "1234", "u-2", type, type == AuthType.SYMANTEC_VIP ? "VSST12345678" : null,
                "jane.doe@example.com", ORDERED, null, ProvisioningStatus.PENDING, 1, 0, null, null, ORDERED, null);
    }
}

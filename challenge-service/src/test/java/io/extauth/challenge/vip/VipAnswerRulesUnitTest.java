package io.extauth.challenge.vip;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.vip.VipAnswerRules.Verdict;
import io.extauth.challenge.vip.VipAnswerRules.VendorFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VipAnswerRulesUnitTest {

    @Test
    void anAcceptedCodeIsAValidVerdict() {
        assertThat(VipAnswerRules.classify(200, true, "ACCEPTED")).isEqualTo(new Verdict(true, "ACCEPTED"));
    }

    @Test
    void aWrongOrUsedCodeIsVipsVerdictAndTheOnlyStrike() {
        assertThat(VipAnswerRules.classify(200, false, "WRONG_CODE")).isEqualTo(new Verdict(false, "WRONG_CODE"));
        assertThat(VipAnswerRules.classify(200, false, "CODE_ALREADY_USED"))
                .isEqualTo(new Verdict(false, "CODE_ALREADY_USED"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 201, 204, 302})
    void anyOtherStatusIsAVendorFailureWhateverTheBodySays(int status) {
        assertThat(VipAnswerRules.classify(status, false, "WRONG_CODE")).isInstanceOf(VendorFailure.class);
    }

    @Test
    void aBodyWithoutAVerdictIsAVendorFailure() {
        assertThat(VipAnswerRules.classify(200, null, null)).isInstanceOf(VendorFailure.class);
        assertThat(VipAnswerRules.classify(200, false, null)).isInstanceOf(VendorFailure.class);
        assertThat(VipAnswerRules.classify(200, null, "WRONG_CODE")).isInstanceOf(VendorFailure.class);
        assertThat(VipAnswerRules.classify(200, false, "CREDENTIAL_LOCKED")).isInstanceOf(VendorFailure.class);
        assertThat(VipAnswerRules.classify(200, true, "WRONG_CODE")).isInstanceOf(VendorFailure.class);
        assertThat(VipAnswerRules.classify(200, false, "ACCEPTED")).isInstanceOf(VendorFailure.class);
    }
}

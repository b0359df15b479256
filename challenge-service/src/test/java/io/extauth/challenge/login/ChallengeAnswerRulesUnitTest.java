package io.extauth.challenge.login;

import static io.extauth.contract.PhoneFactorMethod.APP_PIN;
import static io.extauth.contract.PhoneFactorMethod.APP_STANDARD;
import static io.extauth.contract.PhoneFactorMethod.PHONE_CALL_PIN;
import static io.extauth.contract.PhoneFactorMethod.PHONE_CALL_STANDARD;
import static io.extauth.contract.PhoneFactorMethod.SMS_ONE_TIME;
import static io.extauth.contract.PhoneFactorMethod.SMS_ONE_TIME_PIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.login.PhoneAnswer.Kind;
import io.extauth.challenge.login.PhoneAnswer.Status;
import org.junit.jupiter.api.Test;

class ChallengeAnswerRulesUnitTest {

    private final Predicate<String> pin = "4711"::equals;
    private final Predicate<String> code = "123456"::equals;

    @Test
    void theVerdictOnAnAnswerIsRightOnlyOnTheChannelItsMethodUses() {
        assertThat(ChallengeAnswerRules.verdict(SMS_ONE_TIME, answer(Kind.SMS, Status.REPLIED, null, "123456"), code,
                pin)).isEqualTo(Verdict.RIGHT);
        assertThat(ChallengeAnswerRules.verdict(SMS_ONE_TIME, answer(Kind.CALL, Status.ANSWERED, "#", null), code,
                pin)).isEqualTo(Verdict.WRONG);
        assertThat(ChallengeAnswerRules.verdict(PHONE_CALL_PIN, answer(Kind.CALL, Status.ANSWERED, "4711#", null),
                code, pin)).isEqualTo(Verdict.RIGHT);
    }

    @Test
    void theVerdictOnZeroHashIsFraudAndAChallengeWithoutAMethodIsAnsweredWrongly() {
        assertThat(ChallengeAnswerRules.verdict(PHONE_CALL_PIN, answer(Kind.CALL, Status.ANSWERED, "0#", null), code,
                pin)).isEqualTo(Verdict.FRAUD);
        assertThat(ChallengeAnswerRules.verdict(null, answer(Kind.CALL, Status.ANSWERED, "#", null), code, pin))
                .isEqualTo(Verdict.WRONG);
    }

    @Test
    void aStandardCallIsAnsweredByHashAlone() {
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_STANDARD, Status.ANSWERED, "#", pin)).isTrue();
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_STANDARD, Status.ANSWERED, "1#", pin)).isFalse();
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_STANDARD, Status.UNANSWERED, null, pin)).isFalse();
    }

    @Test
    void aPinCallNeedsThePinThenHash() {
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_PIN, Status.ANSWERED, "4711#", pin)).isTrue();
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_PIN, Status.ANSWERED, "4711", pin)).isFalse();
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_PIN, Status.ANSWERED, "#", pin)).isFalse();
        assertThat(ChallengeAnswerRules.call(PHONE_CALL_PIN, Status.ANSWERED, "1234#", pin)).isFalse();
    }

    @Test
    void anSmsReplyCarriesTheCodeAndWhereNeededThePinWithoutSpaces() {
        assertThat(ChallengeAnswerRules.sms(SMS_ONE_TIME, " 123456 ", code, pin)).isTrue();
        assertThat(ChallengeAnswerRules.sms(SMS_ONE_TIME, "654321", code, pin)).isFalse();
        assertThat(ChallengeAnswerRules.sms(SMS_ONE_TIME_PIN, "1234564711", code, pin)).isTrue();
        assertThat(ChallengeAnswerRules.sms(SMS_ONE_TIME_PIN, "123456 4711", code, pin)).isFalse();
        assertThat(ChallengeAnswerRules.sms(SMS_ONE_TIME_PIN, "123456", code, pin)).isFalse();
    }

    @Test
    void anAppPushMustBeApprovedWithThePinWhereTheMethodAsks() {
        assertThat(ChallengeAnswerRules.push(APP_STANDARD, Status.APPROVED, null, pin)).isTrue();
        assertThat(ChallengeAnswerRules.push(APP_STANDARD, Status.DENIED, null, pin)).isFalse();
        assertThat(ChallengeAnswerRules.push(APP_PIN, Status.APPROVED, "4711", pin)).isTrue();
        assertThat(ChallengeAnswerRules.push(APP_PIN, Status.APPROVED, null, pin)).isFalse();
    }

    @Test
    void oneTimeCodesAreSixDigits() {
        assertThat(ChallengeAnswerRules.newCode()).matches("\\d{6}");
    }

    @Test
    void zeroHashOnACallAndDenyAndReportInTheAppAreFraudReportsAndNothingElseIs() {
        var call = ChallengeAnswerRules.Delivery.CALL;
        var push = ChallengeAnswerRules.Delivery.PUSH;

        assertThat(ChallengeAnswerRules.reportsFraud(call, Kind.CALL, Status.ANSWERED, "0#", false)).isTrue();
        assertThat(ChallengeAnswerRules.reportsFraud(push, Kind.PUSH, Status.DENIED, null, true)).isTrue();
        assertThat(ChallengeAnswerRules.reportsFraud(call, Kind.CALL, Status.ANSWERED, "#", false)).isFalse();
        assertThat(ChallengeAnswerRules.reportsFraud(call, Kind.CALL, Status.ANSWERED, "00#", false)).isFalse();
        assertThat(ChallengeAnswerRules.reportsFraud(push, Kind.PUSH, Status.DENIED, null, false)).isFalse();
        assertThat(ChallengeAnswerRules.reportsFraud(ChallengeAnswerRules.Delivery.SMS, Kind.SMS, Status.REPLIED, null,
                true)).isFalse();
    }

    @Test
    void aDeniedPushIsNoApproval() {
        assertThat(ChallengeAnswerRules.push(APP_STANDARD, Status.DENIED, null, pin)).isFalse();
    }

    @Test
    void aContactTheVendorReportsFailedIsNotDeliveredOnlyOnTheChannelTheChallengeUsed() {
        assertThat(ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.Delivery.CALL, failed(Kind.CALL))).isTrue();
        assertThat(ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.Delivery.SMS, failed(Kind.SMS))).isTrue();
        assertThat(ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.Delivery.PUSH, failed(Kind.PUSH))).isTrue();
        assertThat(ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.Delivery.CALL, failed(Kind.PUSH))).isFalse();
        assertThat(ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.Delivery.CALL,
                new PhoneAnswer(Kind.CALL, Status.UNANSWERED, null, null, null, false))).isFalse();
    }

    private static PhoneAnswer failed(Kind kind) {
        return new PhoneAnswer(kind, Status.FAILED, null, null, null, false);
    }

    private static PhoneAnswer answer(Kind kind, Status status, String keys, String text) {
        return new PhoneAnswer(kind, status, keys, text, null, false);
    }
}

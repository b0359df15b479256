package io.extauth.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Provisioned;
import io.extauth.notification.contact.Contact;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailsUnitTest {

    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void phoneFactorEmailGivesTheActivationStepsForTheAccountUser() {
        Contact contact = contact(AuthType.PHONEFACTOR, null);

        Email email = Emails.provisioned(contact, provisioned(AuthType.PHONEFACTOR), "ev-1");

        assertThat(email.subject()).isEqualTo("PhoneFactor has been added to your account");
        assertThat(email.template()).isEqualTo(MailTemplate.PROVISIONED_PHONEFACTOR);
        assertThat(email.to()).isEqualTo("jane@example.com");
        assertThat(email.text()).contains("Sign in to the portal",
                "Account settings > External authentication > PhoneFactor settings", "Answer it and press #",
                "method", "PIN", "status Active", "account 1234", "user u-1").doesNotContain("${");
        assertThat(email.html()).contains("Account settings &gt; External authentication &gt; PhoneFactor settings",
                "<strong>1234</strong>", "<strong>u-1</strong>").doesNotContain("${");
    }

    @Test
    void symantecEmailAsksForTheSecurityCodeOfTheCredentialShowingOnlyItsLastFour() {
        Email email = Emails.provisioned(contact(AuthType.SYMANTEC_VIP, "VSST12345678"),
                provisioned(AuthType.SYMANTEC_VIP), "ev-1");

        assertThat(email.subject()).isEqualTo("Symantec VIP has been added to your account");
        assertThat(email.text()).contains("security code", "currently shown on credential ****5678")
                .doesNotContain("VSST12345678");
        assertThat(email.html()).contains("****5678").doesNotContain("VSST12345678");
    }

    @Test
    void aSettingsChangeIsMailedToTheUserNamingEveryChangeAndOnlyTheLastFourDigitsOfAPhone() {
        FactorSettingsChanged changed = new FactorSettingsChanged("1234", "u-1", PhoneFactorMethod.APP_STANDARD,
                "portal", NOW, List.of(FactorChange.PIN_REMOVED, FactorChange.METHOD,
                        FactorChange.PRIMARY_PHONE_CHANGED, FactorChange.SUSPENDED), "+15551234567");

        assertThat(Emails.callsForMail(changed)).isTrue();
        assertThat(Emails.toAccountAdmins(changed)).isFalse();
        Email email = Emails.forEvent(contact(AuthType.PHONEFACTOR, null), changed, "ev-7");

        assertThat(email.subject()).isEqualTo("Your two-factor settings changed");
        assertThat(email.to()).isEqualTo("jane@example.com");
        assertThat(email.messageId()).isEqualTo("<ev-7.factor-settings-changed@extauth>");
        assertThat(email.text()).contains("user u-1 of account 1234", "at 2025-01-01 10:00:00 UTC",
                "The PIN was removed", "the PhoneFactor app: approve the request",
                "The primary phone is now the number ending in 4567", "suspended (status INACTIVE)",
                "Changed by: portal").doesNotContain("5551234567", "${");
        assertThat(email.html()).contains("The PIN was removed", "ending in 4567")
                .doesNotContain("5551234567", "${");
    }

    @Test
    void aSettingsChangeWithoutTheDetailOfOlderEventsStillSaysTheSettingsWereSaved() {
        Email email = Emails.settingsChanged(contact(AuthType.PHONEFACTOR, null), new FactorSettingsChanged("1234",
                "u-1", PhoneFactorMethod.PHONE_CALL_PIN, "admin-1234", NOW), "ev-8");

        assertThat(email.text()).contains("The settings were saved", "enter your PIN, then press #",
                "Changed by: admin-1234");
    }

    @Test
    void activatedEmailNamesTheVendorAndTheMethod() {
        Email email = Emails.activated(contact(AuthType.PHONEFACTOR, null), new Activated("1234", "u-1",
                AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN, NOW, "u-1"), "ev-9");

        assertThat(email.subject()).isEqualTo("PhoneFactor is now active on your account");
        assertThat(email.template().templateName()).isEqualTo("activated");
        assertThat(email.text()).contains("reply with the one-time code followed by your PIN", "VPN login");
        assertThat(email.orderId()).isEqualTo("o-1");
        assertThat(email.messageId()).isEqualTo("<ev-9.activated@extauth>");
    }

    @Test
    void activatedEmailNamesThePhoneBoundSoAUserWhoDidNotSetItUpSeesItAtOnce() {
        Email email = Emails.activated(contact(AuthType.PHONEFACTOR, null), new Activated("1234", "u-1",
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD, NOW, "u-1", "o-1",
                "+1 ***-***-2634"), "ev-10");
        Email forged = Emails.activated(contact(AuthType.PHONEFACTOR, null), new Activated("1234", "u-1",
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD, NOW, "u-1", "o-1",
                "+1 ***-***-2634\r\nCall +1 555 0100 to keep your account"), "ev-11");

        assertThat(email.text()).contains("answer and press # (verified phone: +1 ***-***-2634)");
        assertThat(email.html()).contains("+1 ***-***-2634");
        assertThat(forged.text()).doesNotContain("verified phone", "keep your account");
    }

    @Test
    void lockoutEmailSaysWhenTheLockEndsAndThatAnAdminCanUnlockNamingAccountAndUser() {
        Email email = Emails.lockout(contact(AuthType.SYMANTEC_VIP, "VSST12345678"),
                lockedOut(Instant.parse("2025-01-01T11:00:00Z")), "ev-7");

        assertThat(email.template()).isEqualTo(MailTemplate.LOCKOUT);
        assertThat(email.template().templateName()).isEqualTo("lockout");
        assertThat(email.subject()).isEqualTo("Sign-in locked for user u-1 of account 1234");
        assertThat(email.text()).contains("5 unsuccessful sign-in attempts", "Symantec VIP",
                "locked until 2025-01-01 11:00 UTC", "An admin of account 1234 can unlock", "user u-1")
                .doesNotContain("${");
        assertThat(email.html()).contains("<strong>until 2025-01-01 11:00 UTC", "<strong>u-1</strong>",
                "<strong>1234</strong>", "can unlock").doesNotContain("${");
        assertThat(email.messageId()).isEqualTo("<ev-7.lockout@extauth>");
        assertThat(email.orderId()).isEqualTo("o-1");
    }

    @Test
    void aFraudBlockWithoutAnEndSaysOnlyAnAdminEndsIt() {
        Email email = Emails.lockout(contact(AuthType.PHONEFACTOR, null), lockedOut(null), "ev-8");

        assertThat(email.text()).contains("locked until an admin of the account unlocks it")
                .contains("does not end by itself").doesNotContain("ends by itself at that time");
        assertThat(email.html()).contains("does not end by itself");
    }

    @Test
    void onlyProvisioningActivationAndALockoutCallForAnEmail() {
        assertThat(Emails.callsForMail(provisioned(AuthType.PHONEFACTOR))).isTrue();
        assertThat(Emails.callsForMail(lockedOut(NOW))).isTrue();
        assertThat(Emails.callsForMail(new ChallengeResult("1234", "u-1", "c-1", LoginChannel.VPN,
                ChallengeOutcome.FAILED, 2, 3, null, NOW))).isFalse();
        assertThat(Emails.callsForMail(new Deactivated("1234", "u-1", "admin", NOW))).isFalse();
        assertThat(Emails.templateFor(provisioned(AuthType.SYMANTEC_VIP)))
                .isEqualTo(MailTemplate.PROVISIONED_SYMANTEC_VIP);
        assertThat(Emails.orderOf(provisioned(AuthType.PHONEFACTOR))).hasValue("o-1");
        assertThat(Emails.orderOf(lockedOut(NOW))).isEmpty();
        assertThat(MailTemplate.ofName("lockout")).isEqualTo(MailTemplate.LOCKOUT);
    }

    @Test
    void theMessageIdIsDerivedFromTheEventAndTheTemplate() {
        assertThat(Emails.messageId("3f0c", MailTemplate.PROVISIONED_PHONEFACTOR))
                .isEqualTo("<3f0c.provisioned-phonefactor@extauth>");
        assertThat(Emails.messageId("3f0c", MailTemplate.PROVISIONED_PHONEFACTOR))
                .isEqualTo(Emails.messageId("3f0c", MailTemplate.PROVISIONED_PHONEFACTOR))
                .isNotEqualTo(Emails.messageId("3f0d", MailTemplate.PROVISIONED_PHONEFACTOR));
    }

    @Test
    void valuesAreEscapedInHtmlButNotInText() {
        assertThat(Templates.fill("<b>${name}</b>", Map.of("name", "<script>&"), true))
                .isEqualTo("<b>&lt;script&gt;&amp;</b>");
        assertThat(Templates.fill("${name}", Map.of("name", "<script>&"), false)).isEqualTo("<script>&");
    }

    @Test
    void aPlaceholderWithoutValueIsRefusedRatherThanMailed() {
        assertThatThrownBy(() -> Templates.fill("Hello ${who}", Map.of(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("${who}");
    }

    @Test
    void theClearAddressStaysOutOfTheEmailsText() {
        Email email = Emails.provisioned(contact(AuthType.PHONEFACTOR, null), provisioned(AuthType.PHONEFACTOR),
                "ev-1");

        assertThat(email.toString()).doesNotContain("jane@example.com").contains("j***@example.com");
        assertThat(email.toMasked()).isEqualTo("j***@example.com");
        assertThat(contact(AuthType.PHONEFACTOR, null).toString()).doesNotContain("jane@example.com");
    }

    @Test
    void onlyAProvisioningEmailOfAnOrderCancelledOrDeactivatedIsWithdrawn() {
        OrderUndone cancelled = OrderUndone.cancelled(NOW.plusSeconds(5));
        Activated activated = new Activated("1234", "u-1", AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN,
                NOW, "u-1", "o-1");

        assertThat(Emails.withdrawnBecause(provisioned(AuthType.PHONEFACTOR), cancelled)).hasValueSatisfying(
                withdrawal -> {
                    assertThat(withdrawal.orderId()).isEqualTo("o-1");
                    assertThat(withdrawal.reason()).contains("order o-1 was cancelled at 2025-01-01T10:00:05Z");
                });
        assertThat(Emails.withdrawnBecause(provisioned(AuthType.SYMANTEC_VIP), cancelled)).isPresent();
        assertThat(Emails.withdrawnBecause(provisioned(AuthType.PHONEFACTOR),
                OrderUndone.deactivated(NOW.plusSeconds(7)))).hasValueSatisfying(withdrawal -> assertThat(
                        withdrawal.reason()).contains("the factor of order o-1 was deactivated at 2025-01-01T10:00:07Z",
                                "not told to activate"));
        assertThat(Emails.withdrawnBecause(provisioned(AuthType.PHONEFACTOR), null)).as("not undone").isEmpty();
        assertThat(Emails.withdrawnBecause(activated, cancelled)).as("not a provisioning e-mail").isEmpty();
        assertThat(Emails.withdrawnBecause(activated, OrderUndone.deactivated(NOW))).as("not a provisioning e-mail")
                .isEmpty();
    }

    private static Contact contact(AuthType type, String credentialId) {
        return new Contact("o-1", "1234", "u-1", "jane@example.com", type, credentialId, NOW);
    }

    private static ChallengeResult lockedOut(Instant until) {
        return new ChallengeResult("1234", "u-1", "c-1", LoginChannel.PORTAL, ChallengeOutcome.LOCKED_OUT, 5, 0, until,
                NOW);
    }

    private static Provisioned provisioned(AuthType type) {
        return new Provisioned("1234", "u-1", "o-1", type, "REF-1", NOW);
    }

    @Test
    void aFraudReportTellsTheAdminWhoReportedWhatAndHowToUnlock() {
        FraudReported fraud = new FraudReported("1234", "u-1", "c-9", LoginChannel.VPN,
                PhoneFactorMethod.APP_STANDARD, Instant.parse("2025-01-01T10:00:05Z"));

        Email email = Emails.fraudReported("it-admin@example.com", fraud, "<ev-1.fraud-reported.0123@extauth>");

        assertThat(Emails.callsForMail(fraud)).isTrue();
        assertThat(Emails.toAccountAdmins(fraud)).isTrue();
        assertThat(email.to()).isEqualTo("it-admin@example.com");
        assertThat(email.orderId()).isNull();
        assertThat(email.messageId()).as("the one it was queued with").isEqualTo("<ev-1.fraud-reported.0123@extauth>");
        assertThat(email.subject()).isEqualTo("Fraud reported: user u-1 of account 1234 is blocked");
        assertThat(email.text()).contains("User u-1 of account 1234 reported a sign-in attempt as fraud at"
                + " 2025-01-01 10:00:05 UTC", "a VPN login", "APP_STANDARD", "c-9",
                "until an admin of account\n1234 unlocks them", "does not end by itself",
                "POST /api/users/u-1/external-auth/unlock?accountId=1234").doesNotContain("${");
        assertThat(email.html()).contains("<strong>u-1</strong>", "unlock?accountId=1234").doesNotContain("${");
    }

    @Test
    void eachAdminsFraudMailHasItsOwnStableMessageIdThatDoesNotShowTheAddress() {
        MessageIdKey key = new MessageIdKey(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        String first = Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, "it-admin@example.com", key);

        assertThat(first).startsWith("<ev-1.fraud-reported.").endsWith("@extauth>").doesNotContain("it-admin");
        assertThat(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, "IT-Admin@example.com ", key))
                .isEqualTo(first);
        assertThat(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, "security@example.com", key))
                .isNotEqualTo(first);
        assertThat(Emails.messageId("ev-2", MailTemplate.FRAUD_REPORTED, "it-admin@example.com", key))
                .isNotEqualTo(first);
    }

    /**
     * HMAC-SHA256 over the event id, a NUL and the address, keyed: the figures come from Python's {@code hmac} module
     * (key twenty bytes of 0x0b, as RFC 4231's first case), not from this code.
     */
    @Test
    void theRecipientsPartIsTheKeyedHmacOfTheEventAndTheAddress() {
        MessageIdKey key = new MessageIdKey(HexFormat.of().parseHex("0b".repeat(20)));

        assertThat(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, " It-Admin@Example.com", key))
                .isEqualTo("<ev-1.fraud-reported.3101635c6dce3f88@extauth>");
        assertThat(Emails.messageId("ev-2", MailTemplate.FRAUD_REPORTED, "it-admin@example.com", key))
                .as("the same admin, another event: nothing links the two")
                .isEqualTo("<ev-2.fraud-reported.d69cd07c74f6750e@extauth>");
    }

    /**
     * A reader of auth.email-sent sees the Message-ID and the masked address ({@code i***@example.com}). With a plain
     * hash it could test guesses of the admin's address offline; keyed, a guess tells it nothing without the key.
     */
    @Test
    void aFraudMailsMessageIdCannotBeTestedAgainstAGuessedAddress() throws Exception {
        String address = "it-admin@example.com";
        String plainHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(address.getBytes(StandardCharsets.UTF_8)), 0, 8);
        MessageIdKey one = new MessageIdKey(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        MessageIdKey other = new MessageIdKey(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));

        String keyed = Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, address, one);

        assertThat(keyed).doesNotContain(plainHash);
        assertThat(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, address, other)).as("another database's key")
                .isNotEqualTo(keyed);
        assertThatThrownBy(() -> new MessageIdKey(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFraudReportWithoutAMethodStillNamesTheFactor() {
        Email email = Emails.fraudReported("a@example.com", new FraudReported("1234", "u-1", "c-9",
                LoginChannel.PORTAL, null, NOW), "<ev-1.fraud-reported.0123@extauth>");

        assertThat(email.text()).contains("a portal login", "the user's second factor");
    }

    @Test
    void anEventThatNamesItsOrderIsMailedToThatOrdersContactAndOneWithoutToTheLatest() {
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        assertThat(Emails.orderOf(new Activated("1234", "u-1", AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN,
                at, "portal", "o-2"))).contains("o-2");
        assertThat(Emails.orderOf(new FactorSettingsChanged("1234", "u-1", PhoneFactorMethod.SMS_ONE_TIME_PIN, "portal",
                at, List.of(FactorChange.PIN_RESET), null, "o-2"))).contains("o-2");
        assertThat(Emails.orderOf(new ChallengeResult("1234", "u-1", "c-1", LoginChannel.VPN,
                ChallengeOutcome.LOCKED_OUT, 5, 0, at.plusSeconds(3600), at, "o-2"))).contains("o-2");
        assertThat(Emails.orderOf(new Provisioned("1234", "u-1", "o-2", AuthType.PHONEFACTOR, "ref", at)))
                .contains("o-2");
        // written before events named their order
        assertThat(Emails.orderOf(new Activated("1234", "u-1", AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN,
                at, "portal"))).isEmpty();
        assertThat(Emails.orderOf(new ChallengeResult("1234", "u-1", "c-1", LoginChannel.VPN,
                ChallengeOutcome.LOCKED_OUT, 5, 0, at.plusSeconds(3600), at))).isEmpty();
        assertThat(Emails.orderOf(new FactorSettingsChanged("1234", "u-1", PhoneFactorMethod.SMS_ONE_TIME_PIN, "portal",
                at, List.of(FactorChange.PIN_RESET), null))).isEmpty();
    }
}

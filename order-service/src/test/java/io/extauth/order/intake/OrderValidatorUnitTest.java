package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.OrderRejected.Reason;
import io.extauth.order.pricing.Promo;
import io.extauth.order.status.OrderStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderValidatorUnitTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 3, 1);
    private static final Promo WELCOME = new Promo("WELCOME10", BigDecimal.TEN, null, LocalDate.of(2026, 1, 1),
            LocalDate.of(2030, 12, 31), Set.of(AuthType.SYMANTEC_VIP, AuthType.PHONEFACTOR));
    private static final IntakeFacts NOTHING_KNOWN = new IntakeFacts(null, null, false, TODAY);

    private static OrderForm symantec(String credentialId) {
        return new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@example.com", "SYMANTEC_VIP",
                credentialId, null, true, "billing");
    }

    private static OrderForm billingPhoneFactor(String promoCode) {
        return new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@example.com", "PHONEFACTOR",
                null, promoCode, true, "billing");
    }

    private static OrderForm phoneFactor(String promoCode) {
        return new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane.doe", "jane@example.com", "PHONEFACTOR",
                null, promoCode, true, null);
    }

    private static List<String> codes(List<Reason> reasons) {
        return reasons.stream().map(r -> r.field() + ":" + r.code()).toList();
    }

    @Test
    void aLiveOrderIsNamedWithWhatEndsIt() {
        IntakeFacts accepted = new IntakeFacts(null, new IntakeFacts.LiveOrder("order-1", OrderStatus.ACCEPTED), false,
                TODAY);
        IntakeFacts active = new IntakeFacts(null, new IntakeFacts.LiveOrder("order-2", OrderStatus.ACTIVE), false,
                TODAY);

        assertThat(OrderValidator.validate(phoneFactor(null), accepted)).singleElement().satisfies(reason -> {
            assertThat(reason.code()).isEqualTo("ALREADY_LIVE");
            assertThat(reason.message()).contains("order-1, ACCEPTED").contains("cancel it").doesNotContain("deactivate");
        });
        assertThat(OrderValidator.validate(phoneFactor(null), active)).singleElement().satisfies(reason ->
                assertThat(reason.message()).contains("order-2, ACTIVE").contains("deactivate it"));
    }

    @Test
    void soundSymantecOrderHasNoProblems() {
        assertThat(OrderValidator.validate(symantec("VSST12345678"), NOTHING_KNOWN)).isEmpty();
    }

    @Test
    void emptyBillingOrderReportsEveryMissingFieldAtOnce() {
        OrderForm empty = new OrderForm(OrderChannel.BILLING, null, null, " ", null, null, null, null, null, null);

        assertThat(codes(OrderValidator.validate(empty, NOTHING_KNOWN))).containsExactly("orderId:REQUIRED",
                "accountId:REQUIRED", "userId:REQUIRED", "email:REQUIRED", "type:REQUIRED",
                "msaAcknowledged:MSA_NOT_ACKNOWLEDGED");
    }

    @Test
    void portalOrderNeedsNoOrderId() {
        assertThat(OrderValidator.validate(phoneFactor(null), NOTHING_KNOWN)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VSST1234567", "vsst12345678", "VSS112345678", "VSST123456789", "VSST 2345678"})
    void malformedCredentialIdIsRefused(String credentialId) {
        assertThat(codes(OrderValidator.validate(symantec(credentialId), NOTHING_KNOWN)))
                .containsExactly("credentialId:INVALID_FORMAT");
    }

    @Test
    void symantecNeedsACredentialIdAndPhoneFactorRefusesOne() {
        assertThat(codes(OrderValidator.validate(symantec(null), NOTHING_KNOWN)))
                .containsExactly("credentialId:REQUIRED");
        OrderForm phoneFactorWithCredential = new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane", "j@x.io",
                "PHONEFACTOR", "VSST12345678", null, true, null);
        assertThat(codes(OrderValidator.validate(phoneFactorWithCredential, NOTHING_KNOWN)))
                .containsExactly("credentialId:NOT_ALLOWED");
    }

    @Test
    void unknownTypeIsAnInvalidValue() {
        OrderForm email = new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane", "j@x.io", "EMAIL", null, null,
                true, null);
        assertThat(codes(OrderValidator.validate(email, NOTHING_KNOWN))).containsExactly("type:INVALID_VALUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane", "jane@", "@example.com", "jane@example", "jane doe@example.com", "jane@exa_mple.com"})
    void malformedEmailIsRefused(String email) {
        OrderForm form = new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane", email, "PHONEFACTOR", null, null,
                true, null);
        assertThat(codes(OrderValidator.validate(form, NOTHING_KNOWN))).containsExactly("email:INVALID_FORMAT");
    }

    @Test
    void limitsOfLengthAreEnforced() {
        String email = "j".repeat(64) + "@" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".io";
        OrderForm form = new OrderForm(OrderChannel.BILLING, "B-1", "a".repeat(65), "u".repeat(64), email,
                "PHONEFACTOR", null, null, true, "o".repeat(129));
        assertThat(email).hasSizeGreaterThan(254);
        assertThat(codes(OrderValidator.validate(form, NOTHING_KNOWN))).containsExactly("accountId:TOO_LONG",
                "email:TOO_LONG", "orderedBy:TOO_LONG");
    }

    @Test
    void promoMustExistBeValidTodayAndApplyToTheType() {
        Promo vipOnlyLastYear = new Promo("OLD", BigDecimal.ONE, null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), Set.of(AuthType.SYMANTEC_VIP));
        Promo nextYear = new Promo("SOON", BigDecimal.ONE, null, LocalDate.of(2028, 1, 1),
                LocalDate.of(2028, 12, 31), Set.of(AuthType.PHONEFACTOR));

        assertThat(OrderValidator.validate(phoneFactor("welcome10"), new IntakeFacts(WELCOME, null, false, TODAY)))
                .isEmpty();
        assertThat(codes(OrderValidator.validate(phoneFactor("NOPE"), NOTHING_KNOWN)))
                .containsExactly("promoCode:PROMO_UNKNOWN");
        assertThat(codes(OrderValidator.validate(phoneFactor("OLD"),
                new IntakeFacts(vipOnlyLastYear, null, false, TODAY))))
                .containsExactly("promoCode:PROMO_EXPIRED", "promoCode:PROMO_NOT_APPLICABLE");
        assertThat(codes(OrderValidator.validate(billingPhoneFactor("SOON"),
                new IntakeFacts(nextYear, null, false, TODAY))))
                .containsExactly("promoCode:PROMO_NOT_YET_VALID");
    }

    @Test
    void aPromoNotBegunYetIsAnUnknownCodeToThePortalsCallersWhatEverElseIsWrong() {
        Promo nextYear = new Promo("SOON", BigDecimal.ONE, null, LocalDate.of(2028, 1, 1),
                LocalDate.of(2028, 12, 31), Set.of(AuthType.SYMANTEC_VIP));
        OrderForm boundToFail = new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane.doe", "jane@example.com",
                "PHONEFACTOR", null, "soon", false, null);

        List<Reason> future = OrderValidator.validate(boundToFail, new IntakeFacts(nextYear, null, false, TODAY));
        List<Reason> unknown = OrderValidator.validate(boundToFail, NOTHING_KNOWN);

        assertThat(future).isEqualTo(unknown).extracting(Reason::code).contains(OrderValidator.PROMO_UNKNOWN)
                .doesNotContain(OrderValidator.PROMO_NOT_YET_VALID, OrderValidator.PROMO_NOT_APPLICABLE);
        assertThat(future.toString()).doesNotContain("2028");
    }

    @Test
    void lastDayOfThePromoWindowStillCounts() {
        IntakeFacts lastDay = new IntakeFacts(WELCOME, null, false, LocalDate.of(2030, 12, 31));
        IntakeFacts dayAfter = new IntakeFacts(WELCOME, null, false, LocalDate.of(2031, 1, 1));

        assertThat(OrderValidator.validate(phoneFactor("WELCOME10"), lastDay)).isEmpty();
        assertThat(codes(OrderValidator.validate(phoneFactor("WELCOME10"), dayAfter)))
                .containsExactly("promoCode:PROMO_EXPIRED");
    }

    @Test
    void secondOrderWhileOneIsLiveIsAlreadyLive() {
        IntakeFacts live = new IntakeFacts(null, new IntakeFacts.LiveOrder("B-0", OrderStatus.ACTIVE), false, TODAY);

        List<Reason> reasons = OrderValidator.validate(symantec("VSST12345678"), live);

        assertThat(codes(reasons)).containsExactly("userId:ALREADY_LIVE");
        assertThat(reasons.get(0).message()).contains("B-0", "ACTIVE");
    }

    @Test
    void aCredentialOnAnotherUsersLiveOrderIsInUseAndTheMessageSaysWhatEndsItOrToCheckTheSerial() {
        IntakeFacts inUse = new IntakeFacts(null, null, true, TODAY);

        List<Reason> reasons = OrderValidator.validate(symantec("VSST12345678"), inUse);

        assertThat(codes(reasons)).containsExactly("credentialId:CREDENTIAL_IN_USE");
        assertThat(reasons.get(0).message()).contains("VSST12345678", "another user's live order", "deactivated",
                "check the serial");
    }

    @Test
    void aCredentialInUseIsReportedInTheCredentialsPlaceAmongEveryOtherProblem() {
        OrderForm form = new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@", "SYMANTEC_VIP",
                "VSST12345678", null, false, "billing");
        IntakeFacts inUseAndLive = new IntakeFacts(null, new IntakeFacts.LiveOrder("B-0", OrderStatus.ACTIVE), true,
                TODAY);

        assertThat(codes(OrderValidator.validate(form, inUseAndLive))).containsExactly("email:INVALID_FORMAT",
                "credentialId:CREDENTIAL_IN_USE", "msaAcknowledged:MSA_NOT_ACKNOWLEDGED", "userId:ALREADY_LIVE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "billing>", "line\nbreak", "nul\u0000", "bell\u0007"})
    void orderedByIsANameWithoutMarkupOrControlCharacters(String orderedBy) {
        OrderForm form = new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@example.com",
                "PHONEFACTOR", null, null, true, orderedBy);

        assertThat(codes(OrderValidator.validate(form, NOTHING_KNOWN))).containsExactly("orderedBy:INVALID_FORMAT");
    }

    @Test
    void aPortalOrdersOrderedByIsTheCallersTokenSubjectVettedWithTheTokenNotBillingsRule() {
        // TokenRules takes a sub of up to 255 characters, '<' and '>' among them; billing's orderedBy is 128 without
        for (String sub : List.of("p".repeat(255), "CN=Portal <portal@example.com>, O=Example")) {
            OrderForm form = new OrderForm(OrderChannel.PORTAL, null, "acct-1", "jane.doe", "jane@example.com",
                    "PHONEFACTOR", null, null, true, sub);

            assertThat(OrderValidator.validate(form, NOTHING_KNOWN)).as(sub).isEmpty();
        }
    }

    @Test
    void reasonsComeInTheOrderOfTheReadmesTablePromoCodeBeforeOrderedBy() {
        OrderForm form = new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@example.com",
                "PHONEFACTOR", null, "NOSUCHCODE", true, "billing>");

        assertThat(codes(OrderValidator.validate(form, NOTHING_KNOWN))).hasSize(2)
                .satisfies(codes -> assertThat(codes.get(0)).startsWith("promoCode:"))
                .satisfies(codes -> assertThat(codes.get(1)).isEqualTo("orderedBy:INVALID_FORMAT"));
    }

    @Test
    void aNameWithAccentsSpacesAndPunctuationIsAFineOrderedBy() {
        OrderForm form = new OrderForm(OrderChannel.BILLING, "B-1", "acct-1", "jane.doe", "jane@example.com",
                "PHONEFACTOR", null, null, true, "Zoë O'Brien (billing-acme)");

        assertThat(OrderValidator.validate(form, NOTHING_KNOWN)).isEmpty();
    }

    @Test
    void aPromoCodeWithANulIsMalformedAndNeverLookedUp() {
        assertThat(OrderValidator.isUsablePromoCode("WELCOME\u000010")).isFalse();
        assertThat(codes(OrderValidator.validate(phoneFactor("WELCOME\u000010"), NOTHING_KNOWN)))
                .containsExactly("promoCode:INVALID_FORMAT");
    }

    @Test
    void everyNulOfARejectedFormBecomesAReplacementCharacterSoItCanBeStored() {
        OrderForm sent = new OrderForm(OrderChannel.BILLING, "B-\u00001", "acct\u0000", "ja\u0000ne", "j\u0000@x.io",
                "PHONE\u0000FACTOR", "VSST\u0000", "P\u0000", true, "by\u0000");

        OrderForm kept = OrderValidator.storable(sent);

        assertThat(List.of(kept.orderId(), kept.accountId(), kept.userId(), kept.email(), kept.type(),
                kept.credentialId(), kept.promoCode(), kept.orderedBy())).allSatisfy(text -> assertThat(text)
                        .doesNotContain("\u0000").contains("\uFFFD"));
    }

    @Test
    void everyControlCharacterOfARejectedFormIsReplacedSoNoEchoOfItDrivesATerminal() {
        // an ANSI sequence, a line break, a tab, DEL and a C1 control: what a rejected order echoes on its topic, in
        // GET /api/orders and in an operator's dump of the topic
        OrderForm sent = new OrderForm(OrderChannel.BILLING, "B-\u001b[2J1", "acct\r\n", "ja\tne", "j\u007f@x.io",
                "PHONE\u009bFACTOR", "VSST\n", "P\u0007", true, "by\u001b]0;x\u0007");

        OrderForm kept = OrderValidator.storable(sent);

        assertThat(List.of(kept.orderId(), kept.accountId(), kept.userId(), kept.email(), kept.type(),
                kept.credentialId(), kept.promoCode(), kept.orderedBy())).allSatisfy(text -> assertThat(text)
                        .contains("\uFFFD").matches(t -> t.chars().noneMatch(Character::isISOControl),
                                "has no control character"));
        assertThat(kept.orderId()).isEqualTo("B-\uFFFD[2J1");
    }

    @Test
    void everyLineSeparatorAndFormatCharacterOfARejectedFormIsReplacedSoNoEchoOfItForgesALineOrReadsAsAnother() {
        // U+2028 and U+2029 break a line to many log readers; a right-to-left override and a zero-width joiner make
        // an id read as another where it is shown; a tag character is a format character outside the BMP
        OrderForm sent = new OrderForm(OrderChannel.BILLING, "B-1\u2028INFO forged", "acct\u2029", "ja\u202Ene",
                "j\u200D@x.io", "PHONEFACTOR", null, "P\uDB40\uDC01", true, "billing");

        OrderForm kept = OrderValidator.storable(sent);

        assertThat(kept.orderId()).isEqualTo("B-1\uFFFDINFO forged");
        assertThat(kept.accountId()).isEqualTo("acct\uFFFD");
        assertThat(kept.userId()).isEqualTo("ja\uFFFDne");
        assertThat(kept.email()).isEqualTo("j\uFFFD@x.io");
        assertThat(kept.promoCode()).isEqualTo("P\uFFFD");
        assertThat(kept.type()).isSameAs(sent.type());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "..."})
    void anIdOfDotsAloneIsRefusedForNoPathCanNameIt(String id) {
        OrderForm form = new OrderForm(OrderChannel.BILLING, id, id, id, "j@x.io", "PHONEFACTOR", null, null, true,
                "billing");

        assertThat(codes(OrderValidator.validate(form, NOTHING_KNOWN))).contains("orderId:INVALID_FORMAT",
                "accountId:INVALID_FORMAT", "userId:INVALID_FORMAT");
        assertThat(OrderValidator.isUsableId("a.b")).isTrue();
        assertThat(OrderValidator.isUsableId(".a")).isTrue();
        assertThat(OrderValidator.isUsableOrderId("PO.1")).isTrue();
    }

    @Test
    void aRejectedFormKeepsItsAngleBracketsSoTheBillingSystemFindsItsAnswerByTheIdsItSent() {
        OrderForm sent = new OrderForm(OrderChannel.BILLING, "PO<1>", "1234", "<jane>", "j@x.io", "PHONEFACTOR",
                null, null, true, "billing");

        OrderForm kept = OrderValidator.storable(sent);

        assertThat(kept.orderId()).isSameAs(sent.orderId());
        assertThat(kept.userId()).isSameAs(sent.userId());
    }
}

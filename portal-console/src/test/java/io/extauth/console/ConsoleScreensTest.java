package io.extauth.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import io.extauth.console.api.Api;
import io.extauth.console.signin.SignedIn;
import io.extauth.console.signin.Visitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The console's screens with the services faked: what each shows for what the services answer. */
@WebMvcTest
@Import(ConsoleTestConfiguration.class)
class ConsoleScreensTest {

    private static final Visitor ADMIN = new Visitor(Visitor.Kind.ADMIN, "1234", "admin");
    private static final Visitor CAROL = new Visitor(Visitor.Kind.USER, "1234", "carol");
    private static final Visitor DAVE = new Visitor(Visitor.Kind.USER, "1234", "dave");

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeApi api;

    @BeforeEach
    void freshServices() {
        api.orders = new java.util.ArrayList<>();
        api.factor = null;
        api.emails = new java.util.ArrayList<>();
        api.verification = null;
        api.refusal = null;
        api.challengeState = null;
        api.requests.clear();
    }

    @Test
    void aVisitorWhoIsNotSignedInIsSentToTheDevOnlySignInPage() throws Exception {
        mvc.perform(get("/users")).andExpect(redirectedUrl("/sign-in"));
        assertThat(page(get("/sign-in"))).contains("Development only");
    }

    @Test
    void signingInAsAnAdminOpensTheUsersOfTheAccount() throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/sign-in").param("kind", "admin")
                .param("accountId", "1234").param("name", "admin")).andExpect(redirectedUrl("/users"))
                .andReturn().getRequest().getSession(false);
        mvc.perform(get("/users").session(session)).andExpect(status().isOk());
    }

    @Test
    void aNameOrAccountThatIsNoIdOfOrderServiceSignsNobodyIn() throws Exception {
        // ".." signed in a user whose page, /users/.., is /, which sent them to /users/.. again without end
        for (String name : List.of("..", ".", "...", "carol@example.com", "")) {
            MvcResult refused = mvc.perform(post("/sign-in").param("kind", "user").param("accountId", "1234")
                    .param("name", name)).andExpect(status().isOk()).andReturn();
            assertThat(refused.getResponse().getContentAsString()).as(name).contains("Enter a name");
            assertThat(refused.getRequest().getSession(false)).as(name)
                    .satisfiesAnyOf(session -> assertThat(session).isNull(),
                            session -> assertThat(session.getAttribute(SignedIn.SESSION_KEY)).isNull());
        }
        mvc.perform(post("/sign-in").param("kind", "admin").param("accountId", "..").param("name", "admin"))
                .andExpect(status().isOk());
        mvc.perform(post("/sign-in").param("kind", "user").param("accountId", "1234").param("name", "c.a_r-ol.."))
                .andExpect(redirectedUrl("/users/c.a_r-ol.."));
    }

    @Test
    void aLockedUserShowsUntilWhenOnTheUsersScreen() throws Exception {
        api.orders = List.of(new Api.Order("o-1", "1234", "carol", "PHONEFACTOR", "ACTIVE", null, null, null));
        api.factor = FakeApi.factor("carol", "LOCKED", true, Instant.parse("2026-11-30T14:05:00Z"));
        assertThat(page(as(ADMIN, get("/users")))).contains("carol").contains("locked until 30 Nov 2026, 14:05 UTC");
    }

    @Test
    void everyValidationErrorOfAnOrderIsShownNextToItsField() throws Exception {
        api.refusal = FakeApi.problem(422, "invalid-order", "The order is invalid.",
                new Api.FieldProblem("email", "INVALID_FORMAT", "Enter a valid e-mail address."),
                new Api.FieldProblem("credentialId", "REQUIRED", "Symantec VIP needs the credential ID."),
                new Api.FieldProblem("msaAcknowledged", "MSA_NOT_ACKNOWLEDGED", "Acknowledge the MSA."));
        String page = page(as(ADMIN, post("/orders").param("userId", "erin").param("email", "not-an-email")
                .param("type", "SYMANTEC_VIP")));
        assertThat(page).containsPattern("id=\"email-error\"[^>]*>Enter a valid e-mail address.")
                .containsPattern("id=\"credentialId-error\"[^>]*>Symantec VIP needs the credential ID.")
                .containsPattern("id=\"msaAcknowledged-error\"[^>]*>Acknowledge the MSA.")
                .contains("value=\"not-an-email\"");
    }

    @Test
    void anOrderRefusedForTooManyPromoCodesShowsTheFormAgainWithWhatToDo() throws Exception {
        api.refusal = FakeApi.problem(429, "too-many-promo-codes", "This caller sent as many promo codes that did "
                + "not apply for this account as it may for now; nothing was ordered.");
        String page = page(as(ADMIN, post("/orders").param("userId", "erin").param("email", "erin@example.com")
                .param("type", "PHONEFACTOR").param("promoCode", "GUESS11").param("msaAcknowledged", "true")));
        // before, the admin got the generic problem page and lost what they had entered
        assertThat(page).containsPattern("id=\"promoCode-error\"[^>]*>Too many promo codes that did not apply")
                .contains("value=\"erin@example.com\"").contains("nothing was ordered");
    }

    @Test
    void anOrderIdShorterThanEightCharactersIsShownWholeToTheAdminAndTheUser() throws Exception {
        // order ids are 1-64 characters (order-service's OrderValidator); the page showed the first 8 of every one
        api.orders = List.of(new Api.Order("B-1", "1234", "carol", "PHONEFACTOR", "PROVISIONED", null, null, null),
                new Api.Order("1cc75300-aaaa-bbbb", "1234", "carol", "VIP", "PROVISIONED", null, null, null));

        for (Visitor visitor : List.of(ADMIN, CAROL)) {
            MvcResult shown = mvc.perform(as(visitor, get("/users/carol"))).andExpect(status().isOk()).andReturn();
            assertThat(shown.getResponse().getContentAsString()).contains(">B-1</code>").contains(">1cc75300</code>")
                    .contains("title=\"1cc75300-aaaa-bbbb\"");
        }
    }

    @Test
    void aWithdrawnProvisioningEmailShowsWhyAndNoRecipient() throws Exception {
        api.orders = List.of(new Api.Order("o-12345678", "1234", "carol", "PHONEFACTOR", "CANCELLED", null, null, null));
        api.emails = List.of(new Api.Email("o-1", "provisioned-phonefactor", "WITHDRAWN", null, null,
                "order o-1 was cancelled at 2026-12-04T10:00:00Z before this e-mail was sent"));
        String page = page(as(ADMIN, get("/users/carol")));
        assertThat(page).contains("WITHDRAWN").contains("order o-1 was cancelled at 2026-12-04T10:00:00Z")
                .doesNotContainPattern("provisioned-phonefactor</span>\\s*to");
    }

    @Test
    void withNoOrderTheSettingsAndTheActivationSayAnAdminMustOrderItNotToWaitForAnEmail() throws Exception {
        api.factor = FakeApi.factor("carol", "NONE", false, null);
        String settings = page(as(CAROL, get("/users/carol/phonefactor")));
        assertThat(settings).contains("an admin must order it first").doesNotContain("provisioning e-mail");
        api.factor = FakeApi.factor("dave", "NONE", false, null);
        String activation = page(as(ADMIN, get("/users/dave/symantec")));
        assertThat(activation).contains("an admin must order it first").doesNotContain("provisioning e-mail");
    }

    @Test
    void beforeProvisioningPhoneFactorSettingsSayToWaitForTheEmail() throws Exception {
        api.factor = FakeApi.factor("carol", "ORDERED", false, null);
        String page = page(as(CAROL, get("/users/carol/phonefactor")));
        assertThat(page).contains("Check that the provisioning e-mail has arrived").doesNotContain("Verify by calling");
    }

    @Test
    void aPhoneBeingVerifiedShowsCallingAndAsksAgainUntilTheCallIsDecided() throws Exception {
        api.verification = new Api.Verification("v-1", "PRIMARY", "CALLING", "+1 ***-***-0147", null);
        String calling = page(as(CAROL, post("/users/carol/phonefactor/phones").param("slot", "PRIMARY")
                .param("countryCode", "1").param("number", "2015550147").param("extension", "12")));
        assertThat(calling).contains("Calling").contains("hx-get=\"/users/carol/phonefactor/verifications/v-1\"")
                .contains("hx-trigger=\"every 1000ms\"");
        assertThat(api.requests).containsExactly(new Api.PhoneRequest("PRIMARY", "1", "2015550147", "12"));

        api.verification = new Api.Verification("v-1", "PRIMARY", "VERIFIED", "+1 ***-***-0147", null);
        String verified = page(as(CAROL, get("/users/carol/phonefactor/verifications/v-1")));
        assertThat(verified).contains("Verified.").doesNotContain("hx-trigger");
    }

    @Test
    void aPinTypedForAPinMethodIsNotSentWhenAMethodWithoutPinIsSaved() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        mvc.perform(as(CAROL, post("/users/carol/phonefactor/settings").param("status", "ACTIVE")
                .param("method", "PHONE_CALL_STANDARD").param("pin", "4831")))
                .andExpect(redirectedUrl("/users/carol/phonefactor"));
        assertThat(api.requests).containsExactly(new Api.SettingsRequest("ACTIVE", "PHONE_CALL_STANDARD", null));
    }

    @Test
    void aRefusedPinIsShownNextToThePinField() throws Exception {
        api.factor = FakeApi.factor("carol", "PROVISIONED", true, null);
        api.refusal = FakeApi.problem(422, "invalid-settings", "The settings are invalid.",
                new Api.FieldProblem("pin", "PIN_TOO_SHORT", "The PIN has 4 to 8 digits."));
        String page = page(as(CAROL, post("/users/carol/phonefactor/settings").param("status", "ACTIVE")
                .param("method", "PHONE_CALL_PIN").param("pin", "12")));
        assertThat(page).containsPattern("id=\"pin-error\"[^>]*>The PIN has 4 to 8 digits.");
    }

    @Test
    void aLockedUserAskingToSignInReadsUntilWhenTheyAreLockedOut() throws Exception {
        api.refusal = new io.extauth.console.api.ApiProblem(423, "https://extauth.io/problems/locked", null,
                "The user is locked.", List.of(), Instant.parse("2026-11-30T14:05:00Z"), null);
        String page = page(as(CAROL, post("/users/carol/login").param("channel", "VPN").header("HX-Request", "true")));
        assertThat(page).contains("You are locked out").contains("locked until 30 Nov 2026, 14:05 UTC");
        assertThat(api.requests).containsExactly("VPN");
    }

    @Test
    void aBrowsersSignInIsNamedOnceAndNeverByItsSessionIdSoNoOtherSignInIsGivenItsChallenge() throws Exception {
        api.loginIds.clear();
        MockHttpSession browser = new MockHttpSession(null, "B1946AC92492D2347C6235B4D2611184");
        browser.setAttribute(SignedIn.SESSION_KEY, CAROL);
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/users/carol/login").session(browser).param("channel", "PORTAL")
                    .header("HX-Request", "true")).andExpect(status().isOk());
        }
        mvc.perform(as(CAROL, post("/users/carol/login").param("channel", "PORTAL").header("HX-Request", "true")))
                .andExpect(status().isOk());

        assertThat(api.loginIds).hasSize(3);
        assertThat(api.loginIds.get(0)).as("this browser asking again").isEqualTo(api.loginIds.get(1))
                .as("another browser").isNotEqualTo(api.loginIds.get(2)).doesNotContain(browser.getId());
    }

    @Test
    void aSignInRefusedBecauseAnotherIsWaitingWarnsTheUserToDenyWhatIsNotTheirs() throws Exception {
        api.refusal = new io.extauth.console.api.ApiProblem(409, "https://extauth.io/problems/challenge-in-progress",
                null, "Another sign-in of this user on this channel is waiting.", List.of(), null, 45L);
        String page = page(as(CAROL, post("/users/carol/login").param("channel", "PORTAL").header("HX-Request", "true")));
        assertThat(page).contains("Another sign-in is waiting for its answer").contains("deny it and report it as fraud");
    }

    @Test
    void theFifthFailureReadsAsALockoutWithUntilWhen() throws Exception {
        api.challengeState = new Api.ChallengeState("ch-1", "1234", "carol", "PORTAL", "PHONEFACTOR",
                "PHONE_CALL_PIN", "DECIDED", "LOCKED_OUT", Instant.now());
        api.factor = FakeApi.factor("carol", "LOCKED", true, Instant.parse("2026-11-30T14:05:00Z"));
        assertThat(page(as(CAROL, get("/users/carol/login/ch-1")))).contains("You are locked out")
                .contains("locked until 30 Nov 2026, 14:05 UTC").doesNotContain("hx-trigger");
    }

    @Test
    void aUserCannotReadAnotherUsersChallengeByItsIdThoughTheServiceShowsItToThePortal() throws Exception {
        api.challengeState = new Api.ChallengeState("ch-9", "5678", "carol", "PORTAL", "PHONEFACTOR",
                "PHONE_CALL_PIN", "DECIDED", "SUCCEEDED", Instant.now());
        mvc.perform(as(CAROL, get("/users/carol/login/ch-9"))).andExpect(status().isNotFound());

        api.challengeState = new Api.ChallengeState("ch-8", "1234", "dave", "PORTAL", "PHONEFACTOR",
                "PHONE_CALL_PIN", "PENDING", null, null);
        mvc.perform(as(CAROL, get("/users/carol/login/ch-8"))).andExpect(status().isNotFound());
    }

    @Test
    void anAdminIsNotOfferedASignInTheContractRefusesAnAdminAndTheUserIs() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        assertThat(page(as(ADMIN, get("/users/carol")))).doesNotContain("Try a sign-in");
        mvc.perform(as(ADMIN, get("/users/carol/login"))).andExpect(status().isForbidden());
        mvc.perform(as(ADMIN, post("/users/carol/login").param("channel", "PORTAL"))).andExpect(status().isForbidden());
        assertThat(api.requests).as("no challenge asked with an admin's token").isEmpty();

        assertThat(page(as(CAROL, get("/users/carol")))).contains("Try a sign-in");
    }

    @Test
    void aPostFromAnotherSiteOrOriginIsRefusedAndOneFromTheConsolesOwnPagesIsNot() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        MvcResult refused = mvc.perform(as(ADMIN, post("/users/carol/unlock")).header("Sec-Fetch-Site", "same-site"))
                .andExpect(status().isForbidden()).andReturn();
        assertThat(refused.getResponse().getContentType()).isEqualTo("application/problem+json;charset=UTF-8");
        assertThat(refused.getResponse().getContentAsString()).contains("console-request-refused")
                .contains("another site or origin");
        mvc.perform(as(ADMIN, post("/users/carol/unlock")).header("Origin", "http://127.0.0.1:9999"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/sign-in").header("Sec-Fetch-Site", "cross-site").param("kind", "admin")
                .param("accountId", "1234").param("name", "mallory")).andExpect(status().isForbidden());
        assertThat(api.requests).as("nothing reached the services").isEmpty();

        mvc.perform(as(ADMIN, post("/users/carol/unlock")).header("Sec-Fetch-Site", "same-origin"))
                .andExpect(redirectedUrl("/users/carol"));
        mvc.perform(as(ADMIN, post("/users/carol/unlock")).header("Origin", "http://localhost"))
                .andExpect(redirectedUrl("/users/carol"));
        assertThat(api.requests).containsExactly(Api.AdminAction.UNLOCK, Api.AdminAction.UNLOCK);
    }

    @Test
    void withTheDevSignInOnOnlyThisMachineByALoopbackNameIsAnswered() throws Exception {
        mvc.perform(get("/sign-in").with(request -> {
            request.setRemoteAddr("192.0.2.7");
            return request;
        })).andExpect(status().isForbidden());
        // DNS rebinding: a page of evil.example whose name now leads to 127.0.0.1
        mvc.perform(post("/sign-in").with(request -> {
            request.setServerName("evil.example");
            return request;
        }).param("kind", "admin").param("accountId", "1234").param("name", "mallory"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/sign-in").with(request -> {
            request.setRemoteAddr("::1");
            request.setServerName("[::1]");
            return request;
        })).andExpect(status().isOk());
        mvc.perform(get("/sign-in").with(request -> {
            request.setServerName("127.0.0.1");
            return request;
        })).andExpect(status().isOk());
    }

    @Test
    void withTheDevSignInOnARequestWithAForwardingHeaderIsRefused() throws Exception {
        for (String[] header : new String[][] {{"X-Forwarded-For", "127.0.0.1"}, {"X-Forwarded-Host", "127.0.0.1"},
            {"Forwarded", "for=127.0.0.1;host=localhost"}, {"X-Real-IP", "127.0.0.1"}}) {
            mvc.perform(post("/sign-in").header(header[0], header[1]).param("kind", "admin")
                    .param("accountId", "1234").param("name", "mallory"))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/sign-in")).andExpect(status().isOk());
    }

    @Test
    void everyAnswerKeepsItsPageOutOfFramesAndCaches() throws Exception {
        MvcResult page = mvc.perform(get("/sign-in")).andExpect(status().isOk()).andReturn();
        assertThat(page.getResponse().getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
        assertThat(page.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(page.getResponse().getHeader("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void aUserCannotOpenAnotherUsersScreensNorAnAdminsAction() throws Exception {
        mvc.perform(as(CAROL, get("/users/dave/phonefactor"))).andExpect(status().isNotFound());
        mvc.perform(as(CAROL, post("/users/carol/unlock"))).andExpect(status().isForbidden());
        assertThat(api.requests).isEmpty();
    }

    @Test
    void anAdminUnlocksAUser() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        mvc.perform(as(ADMIN, post("/users/carol/unlock"))).andExpect(redirectedUrl("/users/carol"));
        assertThat(api.requests).containsExactly(Api.AdminAction.UNLOCK);
    }

    @Test
    void theSecurityCodeActivatesSymantecVipAndTheUsersPageSaysSo() throws Exception {
        api.factor = symantec("dave", "PROVISIONED");
        MvcResult activated = mvc.perform(as(DAVE, post("/users/dave/symantec").param("securityCode", " 123456 ")))
                .andExpect(redirectedUrl("/users/dave")).andReturn();
        assertThat(api.requests).containsExactly("123456");

        api.factor = symantec("dave", "ACTIVE");
        assertThat(page(as(DAVE, get("/users/dave")).flashAttrs(activated.getFlashMap())))
                .contains("Symantec VIP is active: you will be asked for a security code");
    }

    @Test
    void aWrongSecurityCodeIsShownNextToItsFieldWithTheAttemptsLeft() throws Exception {
        api.factor = symantec("dave", "PROVISIONED");
        api.refusal = FakeApi.problem(422, "wrong-security-code", "The security code is not the one currently "
                + "shown. 4 attempt(s) left before activation is locked.", new Api.FieldProblem("securityCode",
                        "INVALID_CODE", "Enter the code the credential shows now."));
        String page = page(as(DAVE, post("/users/dave/symantec").param("securityCode", "654321")));
        assertThat(page).containsPattern("id=\"securityCode-error\"[^>]*>Enter the code the credential shows now.")
                .containsPattern("role=\"alert\"[^>]*><span>The security code is not the one currently shown. 4 attempt")
                .contains("aria-invalid=\"true\"");
        assertThat(api.requests).containsExactly("654321");
    }

    @Test
    void aLockedSymantecActivationSaysUntilWhenOnThePage() throws Exception {
        api.factor = symantec("dave", "PROVISIONED");
        api.refusal = new io.extauth.console.api.ApiProblem(423, "https://extauth.io/problems/activation-locked",
                null, "Symantec VIP activation is locked until 2026-11-30T14:05:00Z; try again after that.",
                List.of(), Instant.parse("2026-11-30T14:05:00Z"), null);
        String page = page(as(DAVE, post("/users/dave/symantec").param("securityCode", "654321")));
        assertThat(page).containsPattern("role=\"alert\"[^>]*><span>Symantec VIP activation is locked until "
                + "2026-11-30T14:05:00Z").contains("Activation is locked until 30 Nov 2026, 14:05 UTC");
    }

    @Test
    void anAdminResetsAUsersPinAndTheUsersPageSaysANewPinIsNeeded() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        MvcResult reset = mvc.perform(as(ADMIN, post("/users/carol/pin-reset"))).andExpect(redirectedUrl("/users/carol"))
                .andReturn();
        assertThat(api.requests).containsExactly(Api.AdminAction.PIN_RESET);
        assertThat(page(as(ADMIN, get("/users/carol")).flashAttrs(reset.getFlashMap())))
                .contains("PIN reset: carol must set a new PIN in PhoneFactor settings before the next sign-in.");
    }

    @Test
    void aRefusedPinResetShowsTheServicesReasonOnTheUsersPage() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        api.refusal = FakeApi.problem(409, "no-pin-method", "The PhoneFactor method of carol does not use a PIN.");
        MvcResult refused = mvc.perform(as(ADMIN, post("/users/carol/pin-reset")))
                .andExpect(redirectedUrl("/users/carol")).andReturn();
        assertThat(page(as(ADMIN, get("/users/carol")).flashAttrs(refused.getFlashMap())))
                .containsPattern("role=\"alert\"[^>]*>The PhoneFactor method of carol does not use a PIN.")
                .doesNotContain("PIN reset:");
    }

    @Test
    void anAdminDeactivatesAUserAndTheUsersPageSaysSo() throws Exception {
        api.factor = FakeApi.factor("carol", "ACTIVE", true, null);
        MvcResult deactivated = mvc.perform(as(ADMIN, post("/users/carol/deactivate")))
                .andExpect(redirectedUrl("/users/carol")).andReturn();
        assertThat(api.requests).containsExactly(Api.AdminAction.DEACTIVATE);
        api.factor = FakeApi.factor("carol", "DEACTIVATED", false, null);
        assertThat(page(as(ADMIN, get("/users/carol")).flashAttrs(deactivated.getFlashMap())))
                .contains("Deactivated: carol signs in without a second factor until ordered again.");
    }

    @Test
    void aRefusedDeactivationShowsTheServicesReasonOnTheUsersPage() throws Exception {
        api.factor = FakeApi.factor("carol", "DEACTIVATED", false, null);
        api.refusal = FakeApi.problem(409, "nothing-to-deactivate", "carol has no active two-factor to deactivate.");
        MvcResult refused = mvc.perform(as(ADMIN, post("/users/carol/deactivate")))
                .andExpect(redirectedUrl("/users/carol")).andReturn();
        assertThat(page(as(ADMIN, get("/users/carol")).flashAttrs(refused.getFlashMap())))
                .containsPattern("role=\"alert\"[^>]*>carol has no active two-factor to deactivate.")
                .doesNotContain("Deactivated:");
    }

    @Test
    void aUserCannotResetPinsNorDeactivate() throws Exception {
        mvc.perform(as(CAROL, post("/users/carol/pin-reset"))).andExpect(status().isForbidden());
        mvc.perform(as(CAROL, post("/users/carol/deactivate"))).andExpect(status().isForbidden());
        assertThat(api.requests).isEmpty();
    }

    private static Api.Factor symantec(String userId, String state) {
        return new Api.Factor("1234", userId, state, "SYMANTEC_VIP", null, 0, null, false, null, null, null, false,
                null);
    }

    private static MockHttpServletRequestBuilder as(Visitor visitor, MockHttpServletRequestBuilder request) {
        return request.sessionAttr(SignedIn.SESSION_KEY, visitor);
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }
}

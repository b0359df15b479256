package io.extauth.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.events.AuthOrdered;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

class PromoIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private JdbcTemplate jdbc;

    private Answer putPromo(String token, String code, Map<String, Object> promo) {
        return call(HttpMethod.PUT, "/api/promos/" + code, token, promo);
    }

    private Answer order(String user, String type, String promoCode) {
        return orderAs(TestJwt.portal(), user, type, promoCode);
    }

    private Answer orderAs(String token, String user, String type, String promoCode) {
        Map<String, Object> order = new HashMap<>(portalOrder(user));
        order.put("type", type);
        if (type.equals("SYMANTEC_VIP")) {
            order.put("credentialId", credentialOf(user));
        }
        if (promoCode != null) {
            order.put("promoCode", promoCode);
        }
        return call(HttpMethod.POST, "/api/orders", token, order);
    }

    @Test
    void aCallerThatSentTenPromoCodesThatDidNotApplyInAnHourMayTryNoMoreButOrdersWithoutOne() {
        // a miss costs nothing (the order is rejected, nothing kept): without a bound any account's admin could try
        // codes at the rate of its requests
        String guesser = TestJwt.token("promo-guesser-" + UUID.randomUUID(), "PORTAL", null);
        for (int i = 0; i < 10; i++) {
            Answer miss = orderAs(guesser, newUser(), "PHONEFACTOR", "GUESS" + i);
            assertThat(miss.status()).as("miss %d", i + 1).isEqualTo(422);
            assertThat(miss.body().path("errors").findValuesAsString("code")).containsExactly("PROMO_UNKNOWN");
        }

        Answer eleventh = orderAs(guesser, newUser(), "PHONEFACTOR", "WELCOME10");
        Answer without = orderAs(guesser, newUser(), "PHONEFACTOR", null);
        Answer anotherCaller = order(newUser(), "PHONEFACTOR", "WELCOME10");
        Map<String, Object> forAnotherAccount = new HashMap<>(portalOrder(newUser()));
        forAnotherAccount.put("accountId", "acct-other-" + UUID.randomUUID());
        forAnotherAccount.put("promoCode", "WELCOME10");
        Answer anotherAccount = call(HttpMethod.POST, "/api/orders", guesser, forAnotherAccount);

        assertThat(eleventh.status()).as("even a code that applies: nothing is looked up").isEqualTo(429);
        assertThat(eleventh.body().path("type").asText()).endsWith("/too-many-promo-codes");
        assertThat(eleventh.body().path("retryAfterSeconds").asLong()).isBetween(1L, 3600L);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(guesser);
        Map<String, Object> twelfth = new HashMap<>(portalOrder(newUser()));
        twelfth.put("promoCode", "GUESS12");
        ResponseEntity<String> raw = http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(twelfth, headers),
                String.class);
        assertThat(raw.getStatusCode().value()).isEqualTo(429);
        assertThat(raw.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Long.parseLong(raw.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 3600L);
        assertThat(without.status()).isEqualTo(202);
        assertThat(anotherCaller.status()).as("counted per caller").isEqualTo(202);
        // the portal's one token acts for every account's users: one account's misses hold up no other's orders
        assertThat(anotherAccount.status()).as("counted per account").isEqualTo(202);
    }

    @Test
    void anOrderThatNamesNoAccountIdIsRejectedForItsAccountIdWithoutCountingItsPromoCode() {
        // counted under the id it sent, each malformed one was a count of its own, and one of 3 KB (no repeats for
        // PostgreSQL to compress) failed the count's index: a 500 instead of the order's 422
        String sub = "promo-no-account-" + UUID.randomUUID();
        String caller = TestJwt.token(sub, "PORTAL", null);
        Map<String, Object> overLong = new HashMap<>(portalOrder(newUser()));
        overLong.put("accountId", incompressible(3 * 1024));
        overLong.put("promoCode", "GUESS-LONG");

        Answer rejected = call(HttpMethod.POST, "/api/orders", caller, overLong);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.body().path("errors").findValuesAsString("code")).as("nothing said of the code")
                .containsExactly("TOO_LONG");
        for (int i = 0; i < 11; i++) {
            Map<String, Object> malformed = new HashMap<>(portalOrder(newUser()));
            malformed.put("accountId", "acct 1234!");
            malformed.put("promoCode", "GUESS" + i);
            Answer answer = call(HttpMethod.POST, "/api/orders", caller, malformed);
            assertThat(answer.status()).as("order %d: rejected for its accountId, not held up", i + 1).isEqualTo(422);
            assertThat(answer.body().path("errors").findValuesAsString("code"))
                    .as("nothing said of the code: no oracle without a count").containsExactly("INVALID_FORMAT");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM promo_miss WHERE starts_with(caller, ?)", Long.class,
                sub + " ")).as("no count kept for an order naming no account").isZero();
    }

    @Test
    void anAdminsPromoCodesCountForItsOwnAccountWhetherTheOrderNamesItOrNot() {
        // an admin acts for its own account only: an order without accountId (rejected REQUIRED, its promo code
        // judged all the same) was a second count of ten more codes
        String account = "acct-promo-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = TestJwt.admin(account);
        for (int i = 0; i < 10; i++) {
            Map<String, Object> miss = new HashMap<>(portalOrder(newUser()));
            miss.put("promoCode", "GUESS" + i);
            if (i % 2 == 0) {
                miss.put("accountId", account);
            } else {
                miss.remove("accountId");
            }
            Answer answer = call(HttpMethod.POST, "/api/orders", admin, miss);
            assertThat(answer.status()).as("miss %d", i + 1).isEqualTo(422);
            assertThat(answer.body().path("errors").findValuesAsString("code")).contains("PROMO_UNKNOWN");
        }

        Map<String, Object> naming = new HashMap<>(portalOrder(newUser()));
        naming.put("accountId", account);
        naming.put("promoCode", "WELCOME10");
        Map<String, Object> notNaming = new HashMap<>(naming);
        notNaming.remove("accountId");
        Answer namingIt = call(HttpMethod.POST, "/api/orders", admin, naming);
        Answer notNamingIt = call(HttpMethod.POST, "/api/orders", admin, notNaming);

        assertThat(namingIt.status()).as("naming its account").isEqualTo(429);
        assertThat(notNamingIt.status()).as("naming none").isEqualTo(429);
    }

    /** Letters and digits at random: nothing PostgreSQL's compression could shorten below its index's limit. */
    private static String incompressible(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Test
    void theSeededWelcomePromoIsListedForOperators() {
        Answer answer = get("/api/promos", TestJwt.operator());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().findValuesAsString("code")).contains("WELCOME10");
        assertThat(get("/api/promos", TestJwt.portal()).status()).isEqualTo(403);
        assertThat(putPromo(TestJwt.admin(ACCOUNT), "MINE", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void anAmountOffLargerThanTheFeeMakesTheOrderFreeNotNegative() {
        Answer put = putPromo(TestJwt.operator(), "bignine", Map.of("amountOff", 9, "validFrom", "2027-01-01",
                "validUntil", "2027-12-31", "appliesTo", List.of("SYMANTEC_VIP")));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.body().path("code").asText()).isEqualTo("BIGNINE");
        String user = newUser();

        Answer answer = order(user, "SYMANTEC_VIP", "BigNine");

        assertThat(answer.status()).isEqualTo(202);
        String orderId = answer.body().path("orderId").asText();
        AuthOrdered ordered = recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(ordered.monthlyFee()).isEqualTo(new BigDecimal("0.00"));
        assertThat(ordered.promoCode()).isEqualTo("BIGNINE");
    }

    @Test
    void promoOutsideItsWindowOrForAnotherTypeIsRefused() {
        putPromo(TestJwt.operator(), "OLD2020", Map.of("percentOff", 50, "validFrom", "2020-01-01",
                "validUntil", "2020-12-31", "appliesTo", List.of("PHONEFACTOR", "SYMANTEC_VIP")));
        putPromo(TestJwt.operator(), "VIPONLY", Map.of("percentOff", 25, "validFrom", "2027-01-01",
                "validUntil", "2027-12-31", "appliesTo", List.of("SYMANTEC_VIP")));

        Answer expired = order(newUser(), "PHONEFACTOR", "OLD2020");
        Answer otherType = order(newUser(), "PHONEFACTOR", "VIPONLY");
        Answer replaced = putPromo(TestJwt.operator(), "VIPONLY", Map.of("percentOff", 25, "validFrom", "2027-01-01",
                "validUntil", "2027-12-31", "appliesTo", List.of("SYMANTEC_VIP", "PHONEFACTOR")));
        Answer nowApplies = order(newUser(), "PHONEFACTOR", "VIPONLY");

        assertThat(expired.body().path("errors").findValuesAsString("code")).containsExactly("PROMO_EXPIRED");
        assertThat(otherType.body().path("errors").findValuesAsString("code")).containsExactly("PROMO_NOT_APPLICABLE");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(nowApplies.status()).isEqualTo(202);
        String orderId = nowApplies.body().path("orderId").asText();
        AuthOrdered ordered = recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(ordered.monthlyFee()).isEqualTo(new BigDecimal("2.25"));
    }

    @Test
    void unsoundPromoIsAProblemListingEveryError() {
        Answer answer = putPromo(TestJwt.operator(), "bad code!", Map.of("percentOff", 150, "amountOff", 1,
                "validFrom", "2027-12-31", "validUntil", "2027-01-01", "appliesTo", List.of("EMAIL")));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("errors").findValuesAsString("code")).containsExactly("INVALID_FORMAT",
                "ONE_DISCOUNT_REQUIRED", "OUT_OF_RANGE", "BEFORE_VALID_FROM", "INVALID_VALUE");
    }
}

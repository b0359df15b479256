package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

class PortalDoorIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcTemplate jdbc;

    private Answer post(String token, Object body, String... headers) {
        return call(HttpMethod.POST, "/api/orders", token, body, headers);
    }

    @Test
    void portalOrderIsAcceptedWithANewOrderIdAndPublishedAsAuthOrdered() {
        String user = newUser();

        Answer answer = post(TestJwt.portal(), portalOrder(user));

        assertThat(answer.status()).isEqualTo(202);
        String orderId = answer.body().path("orderId").asText();
        assertThat(UUID.fromString(orderId)).isNotNull();
        assertThat(answer.body().path("status").asText()).isEqualTo("ACCEPTED");
        AuthOrdered ordered = recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(ordered.channel()).isEqualTo(OrderChannel.PORTAL);
        assertThat(ordered.monthlyFee()).isEqualTo(new BigDecimal("3.00"));
        JsonNode view = get("/api/orders/" + orderId, TestJwt.admin(ACCOUNT)).body();
        assertThat(view.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(view.path("userId").asText()).isEqualTo(user);
        assertThat(view.path("channel").asText()).isEqualTo("PORTAL");
        assertThat(view.has("reasons")).isFalse();
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheFirstOrder() {
        String user = newUser();
        String key = UUID.randomUUID().toString();

        Answer first = post(TestJwt.portal(), portalOrder(user), "Idempotency-Key", key);
        Answer retry = post(TestJwt.portal(), portalOrder(user), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body().path("orderId").asText()).isEqualTo(first.body().path("orderId").asText());
        assertExactlyOne(Topics.AUTH_ORDERED, event -> "AuthOrdered".equals(event.type()) && user.equals(event.key()));
    }

    /**
     * A portal resends an order with its Idempotency-Key while the first request is still running. With a promo code
     * both wait on the caller's promo lock (held here from a connection of the test until both wait): the second used
     * to look its key up before that lock, find nothing, then read the first's committed order as the user's live one
     * and answer 422 ALREADY_LIVE naming its own first request's order.
     */
    @Test
    void twoRequestsWithOneIdempotencyKeyAtOnceBothAnswerAsTheFirst() throws Exception {
        String account = "acct-race-" + UUID.randomUUID().toString().substring(0, 8);
        String user = newUser();
        Map<String, Object> order = new HashMap<>(portalOrder(user));
        order.put("accountId", account);
        order.put("promoCode", "WELCOME10");
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<CompletableFuture<Answer>> answers;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement promoLock = holder.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                promoLock.setString(1, "promo-miss portal for " + account);
                promoLock.execute();
            }
            answers = List.of(1, 2).stream().map(n -> CompletableFuture.supplyAsync(
                    () -> post(TestJwt.portal(), order, "Idempotency-Key", key), pool)).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = "
                    + "(SELECT oid FROM pg_database WHERE datname = current_database())", Long.class) == 2);
            holder.commit();
        }
        try {
            List<Answer> answered = answers.stream().map(a -> a.orTimeout(30, TimeUnit.SECONDS).join()).toList();

            assertThat(answered).as("%s", answered).extracting(Answer::status).containsExactly(202, 202);
            assertThat(answered.get(0).body().path("orderId").asText()).isNotEmpty()
                    .isEqualTo(answered.get(1).body().path("orderId").asText());
            assertExactlyOne(Topics.AUTH_ORDERED, event -> "AuthOrdered".equals(event.type()) && user.equals(event.key()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameIdempotencyKeyForADifferentOrderIsRefused() {
        String key = UUID.randomUUID().toString();
        assertThat(post(TestJwt.portal(), portalOrder(newUser()), "Idempotency-Key", key).status()).isEqualTo(202);

        Answer reused = post(TestJwt.portal(), portalOrder(newUser()), "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("errors").findValuesAsString("code")).containsExactly("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void invalidOrderGetsAProblemListingEveryError() {
        Map<String, Object> order = new HashMap<>();
        order.put("accountId", ACCOUNT);
        order.put("userId", "no spaces allowed");
        order.put("email", "a".repeat(250) + "@x.io");
        order.put("type", "SYMANTEC_VIP");
        order.put("credentialId", "vsst1234");
        order.put("msaAcknowledged", false);

        Answer answer = post(TestJwt.portal(), order);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/invalid-order");
        assertThat(answer.body().path("errors").findValuesAsString("field"))
                .containsExactly("userId", "email", "credentialId", "msaAcknowledged");
        assertThat(answer.body().path("errors").findValuesAsString("code"))
                .containsExactly("INVALID_FORMAT", "TOO_LONG", "INVALID_FORMAT", "MSA_NOT_ACKNOWLEDGED");
        assertThat(answer.body().path("errors").findValuesAsString("message")).allMatch(m -> !m.isBlank());
    }

    @Test
    void secondOrderWhileTheFirstIsLiveIsRefusedAsAlreadyLive() {
        String user = newUser();
        assertThat(post(TestJwt.portal(), portalOrder(user)).status()).isEqualTo(202);

        Answer second = post(TestJwt.portal(), portalOrder(user));

        assertThat(second.status()).isEqualTo(422);
        assertThat(second.body().path("errors").findValuesAsString("code")).containsExactly("ALREADY_LIVE");
    }

    private static Map<String, Object> symantecPortalOrder(String account, String user, String credentialId) {
        Map<String, Object> order = new HashMap<>(portalOrder(user));
        order.put("accountId", account);
        order.put("type", "SYMANTEC_VIP");
        order.put("credentialId", credentialId);
        return order;
    }

    @Test
    void aCredentialOnALiveOrderOfAnotherAccountsUserIsRefusedAsInUseWithoutNamingThatUserOrAccount() {
        String holder = newUser();
        String credential = credentialOf(holder);
        assertThat(post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, holder, credential)).status()).isEqualTo(202);

        String other = newUser();
        Answer refused = post(TestJwt.admin("acct-other"), symantecPortalOrder("acct-other", other, credential));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("type").asText()).isEqualTo("https://extauth.io/problems/invalid-order");
        JsonNode error = refused.body().path("errors").path(0);
        assertThat(refused.body().path("errors")).hasSize(1);
        assertThat(error.path("field").asText()).isEqualTo("credentialId");
        assertThat(error.path("code").asText()).isEqualTo("CREDENTIAL_IN_USE");
        assertThat(error.path("message").asText()).contains(credential).doesNotContain(holder, ACCOUNT);
        assertThat(refused.body().toString()).doesNotContain(holder).doesNotContain(ACCOUNT);
        assertThat(recorder.events(Topics.AUTH_ORDERED, event -> other.equals(event.key()))).isEmpty();
    }

    @Test
    void aUsersSecondOrderOfTheirOwnCredentialWhileTheFirstIsLiveIsAlreadyLiveAndNothingElse() {
        String user = newUser();
        assertThat(post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, user, credentialOf(user))).status())
                .isEqualTo(202);

        Answer second = post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, user, credentialOf(user)));

        assertThat(second.status()).isEqualTo(422);
        assertThat(second.body().path("errors").findValuesAsString("code")).containsExactly("ALREADY_LIVE");
    }

    @Test
    void aUserOrdersTheirOwnCredentialAgainOnceTheirOrderOfItIsDeactivated() {
        String user = newUser();
        Answer first = post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, user, credentialOf(user)));
        assertThat(first.status()).isEqualTo(202);
        billing.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-" + ACCOUNT, Instant.now()));
        awaitOrderStatus(first.body().path("orderId").asText(), TestJwt.portal(), "DEACTIVATED");

        Answer again = post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, user, credentialOf(user)));

        assertThat(again.status()).as("%s", again.body()).isEqualTo(202);
    }

    @Test
    void aCredentialOnlyOnOtherUsersCancelledOrDeactivatedOrdersIsFree() {
        String first = newUser();
        String credential = credentialOf(first);
        String cancelled = post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, first, credential)).body()
                .path("orderId").asText();
        assertThat(call(HttpMethod.POST, "/api/orders/" + cancelled + "/cancel", TestJwt.portal(), null).status())
                .isEqualTo(200);
        String second = newUser();
        Answer afterTheCancellation = post(TestJwt.portal(), symantecPortalOrder(ACCOUNT, second, credential));
        assertThat(afterTheCancellation.status()).as("%s", afterTheCancellation.body()).isEqualTo(202);
        billing.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, second, "admin-" + ACCOUNT, Instant.now()));
        awaitOrderStatus(afterTheCancellation.body().path("orderId").asText(), TestJwt.portal(), "DEACTIVATED");

        Answer afterTheDeactivation = post(TestJwt.portal(), symantecPortalOrder("acct-other", newUser(), credential));

        assertThat(afterTheDeactivation.status()).as("%s", afterTheDeactivation.body()).isEqualTo(202);
    }

    /**
     * Two users' orders of one credential at once: both may find it free, and the index on live orders of a
     * credential lets only one be written; the other, retried, finds it in use. Several pairs, so that the two
     * requests of at least one pair overlap.
     */
    @Test
    void twoUsersOrderingOneCredentialAtOnceEndWithExactlyOneAccepted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int pair = 0; pair < 5; pair++) {
                String credential = credentialOf(newUser());
                List<Map<String, Object>> orders = List.of(symantecPortalOrder(ACCOUNT, newUser(), credential),
                        symantecPortalOrder("acct-other", newUser(), credential));
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Answer>> answers = orders.stream().map(order -> CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return post(TestJwt.portal(), order);
                        }, pool)).toList();
                start.countDown();
                List<Answer> answered = answers.stream().map(a -> a.orTimeout(30, TimeUnit.SECONDS).join()).toList();

                assertThat(answered).as("pair %d: %s", pair, answered).extracting(Answer::status)
                        .containsExactlyInAnyOrder(202, 422);
                assertThat(answered).filteredOn(a -> a.status() == 422).singleElement().satisfies(a ->
                        assertThat(a.body().path("errors").findValuesAsString("code"))
                                .containsExactly("CREDENTIAL_IN_USE"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWhoseSubjectTheTokenRulesTakeMayOrderWhateverBillingsOrderedByRuleSaysAndTheOrderNamesIt() {
        // 255 characters with '<' and '>': a token every service takes, which billing's orderedBy rule (128, no
        // markup) made 422 orderedBy on every order it placed. The order keeps it (ordered_by: the per-caller bound)
        String subject = "CN=Portal <portal@example.com>, O=Example, OU=" + "x".repeat(255 - 46);
        assertThat(subject).hasSize(255);

        Answer answer = post(TestJwt.token(subject, "PORTAL", null), portalOrder(newUser()));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        String orderId = answer.body().path("orderId").asText();
        recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(jdbc.queryForObject("SELECT ordered_by FROM orders WHERE order_id = ?", String.class, orderId))
                .isEqualTo(subject);
    }

    @Test
    void adminOfTheAccountAndBillingMayOrder() {
        assertThat(post(TestJwt.admin(ACCOUNT), portalOrder(newUser())).status()).isEqualTo(202);
        assertThat(post(TestJwt.billing(), portalOrder(newUser())).status()).isEqualTo(202);
    }

    @Test
    void orderWithoutAValidTokenIsUnauthorized() {
        assertThat(post(null, portalOrder(newUser())).status()).isEqualTo(401);
        Answer stranger = post(TestJwt.signedByStranger("PORTAL"), portalOrder(newUser()));
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(stranger.body().path("status").asInt()).isEqualTo(401);
        assertThat(get("/api/orders/anything", null).status()).isEqualTo(401);
    }

    @Test
    void adminOfAnotherAccountIsForbiddenToOrderOrToListAndFindsNoOrderOfIt() {
        Answer order = post(TestJwt.admin("acct-other"), portalOrder(newUser()));
        assertThat(order.status()).isEqualTo(403);
        assertThat(order.body().path("detail").asText()).contains("acct-other");

        String orderId = post(TestJwt.portal(), portalOrder(newUser())).body().path("orderId").asText();
        assertThat(get("/api/orders/" + orderId, TestJwt.admin("acct-other")).status()).isEqualTo(404);
        assertThat(get("/api/orders?accountId=" + ACCOUNT, TestJwt.admin("acct-other")).status()).isEqualTo(403);
    }

    @Test
    void operatorMayNotOrder() {
        assertThat(post(TestJwt.operator(), portalOrder(newUser())).status()).isEqualTo(403);
    }
}

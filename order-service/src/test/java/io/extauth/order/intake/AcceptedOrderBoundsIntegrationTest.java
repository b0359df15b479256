package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.TestJwt;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

/**
 * The HTTP door's bounds on accepted orders (defaults: 500 per caller and account an hour, 20 per address a day):
 * without them one account's admin, or the portal's token, could order for users u1..u100000 of its account, each with
 * a victim's address, and each would make a vendor user and a provisioning mail, ahead of every other account's. The
 * orders a bound has seen are written here as the door writes them, so as not to send hundreds of requests; the one
 * that reaches the bound goes through the door, so that what the door writes is what is counted.
 */
class AcceptedOrderBoundsIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final int PER_CALLER = 500;
    private static final int PER_ADDRESS = 20;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Clock clock;

    private Answer post(String token, Object body, String... headers) {
        return call(HttpMethod.POST, "/api/orders", token, body, headers);
    }

    private static String newAccount() {
        return "acct-bound-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> order(String account, String user, String email) {
        Map<String, Object> order = new HashMap<>(portalOrder(user));
        order.put("accountId", account);
        order.put("email", email);
        return order;
    }

    /** A portal order accepted {@code ago} before now, as the door stores one: by the caller, for the account. */
    private void acceptedEarlier(String caller, String account, String email, Duration ago) {
        Instant at = clock.instant().minus(ago);
        jdbc.update("""
                INSERT INTO orders (order_id, channel, account_id, user_id, email, type, ordered_by, monthly_fee, status,
                    created_at, updated_at)
                VALUES (?, 'PORTAL', ?, ?, ?, 'PHONEFACTOR', ?, 3.00, 'CANCELLED', ?, ?)""",
                UUID.randomUUID().toString(), account, newUser(), email, caller, Timestamp.from(at), Timestamp.from(at));
    }

    private long ordersOf(String account, String user) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE account_id = ? AND user_id = ?", Long.class,
                account, user);
    }

    private void assertNothingPublishedFor(String user) {
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> recorder.events(Topics.AUTH_ORDERED, event -> user.equals(event.key())).isEmpty());
    }

    /** The raw answer, for its headers. */
    private ResponseEntity<String> postRaw(String token, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        return http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    @Test
    void aCallerThatHadFiveHundredOrdersAcceptedForAnAccountInAnHourIsRefusedWithTooManyOrdersAndNothingIsKept() {
        String account = newAccount();
        String admin = TestJwt.admin(account);
        // orders of the last hour count, the oldest 50 minutes ago; one older than the hour does not
        acceptedEarlier("admin-" + account, account, newUser() + "@example.com", Duration.ofMinutes(61));
        for (int i = 0; i < PER_CALLER - 1; i++) {
            acceptedEarlier("admin-" + account, account, newUser() + "@example.com", Duration.ofMinutes(50 - i % 50));
        }
        String last = newUser();
        String key = UUID.randomUUID().toString();
        Answer atTheBound = post(admin, order(account, last, last + "@example.com"), "Idempotency-Key", key);
        assertThat(atTheBound.status()).as("the 500th: %s", atTheBound.body()).isEqualTo(202);

        String refusedUser = newUser();
        ResponseEntity<String> refused = postRaw(admin, order(account, refusedUser, refusedUser + "@example.com"));
        Answer repeat = post(admin, order(account, last, last + "@example.com"), "Idempotency-Key", key);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(429);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).contains("\"type\":\"https://extauth.io/problems/too-many-orders\"");
        // the oldest of the 500 leaves the hour in about 10 minutes
        assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(540L, 600L);
        assertThat(ordersOf(account, refusedUser)).as("nothing stored").isZero();
        assertNothingPublishedFor(refusedUser);
        assertThat(repeat.status()).as("a repeat with its key answers as the first").isEqualTo(202);
        assertThat(repeat.body().path("orderId").asText()).isEqualTo(atTheBound.body().path("orderId").asText());
    }

    @Test
    void oneCallersBoundForOneAccountRefusesNeitherAnotherCallerNorItsOrdersForAnotherAccount() {
        String account = newAccount();
        String portalSub = "portal-" + UUID.randomUUID();
        String portal = TestJwt.token(portalSub, "PORTAL", null);
        for (int i = 0; i < PER_CALLER; i++) {
            acceptedEarlier(portalSub, account, newUser() + "@example.com", Duration.ofMinutes(5));
        }
        String user = newUser();
        assertThat(post(portal, order(account, user, user + "@example.com")).status()).as("at the bound")
                .isEqualTo(429);

        String forAnotherAccount = newUser();
        Answer otherAccount = post(portal, order(newAccount(), forAnotherAccount, forAnotherAccount + "@example.com"));
        String byTheAdmin = newUser();
        Answer otherCaller = post(TestJwt.admin(account), order(account, byTheAdmin, byTheAdmin + "@example.com"));

        assertThat(otherAccount.status()).as("counted per account: %s", otherAccount.body()).isEqualTo(202);
        assertThat(otherCaller.status()).as("counted per caller: %s", otherCaller.body()).isEqualTo(202);
    }

    @Test
    void aMailboxThatHadTwentyOrdersOfTheAccountAcceptedInADayIsRefusedWithTooManyOrdersToAddress() {
        String account = newAccount();
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        // one mailbox however spelt: its case, and +tags most providers deliver to it; from many callers of the
        // account; one older than the day does not count
        acceptedEarlier("portal", account, victim + "@example.com", Duration.ofHours(25));
        for (int i = 0; i < PER_ADDRESS - 1; i++) {
            String spelling = i % 3 == 0 ? victim : i % 3 == 1 ? victim.toUpperCase() : victim + "+" + i;
            acceptedEarlier(i % 2 == 0 ? "portal" : "admin-" + i, account, spelling + "@Example.com",
                    Duration.ofHours(23).minusMinutes(i));
        }
        String last = newUser();
        String key = UUID.randomUUID().toString();
        Answer atTheBound = post(TestJwt.admin(account), order(account, last, victim + "@example.COM"),
                "Idempotency-Key", key);
        assertThat(atTheBound.status()).as("the 20th: %s", atTheBound.body()).isEqualTo(202);

        String refusedUser = newUser();
        ResponseEntity<String> refused = postRaw(TestJwt.admin(account),
                order(account, refusedUser, victim.toUpperCase() + "+new@example.com"));
        Answer repeat = post(TestJwt.admin(account), order(account, last, victim + "@example.COM"),
                "Idempotency-Key", key);
        String elsewhere = newUser();
        Answer anotherAddress = post(TestJwt.admin(account), order(account, elsewhere, elsewhere + "@example.com"));
        // another account's own user at that address: one account's orders never refuse another's
        String otherAccount = newAccount();
        String theirUser = newUser();
        Answer otherAccountsUser = post(TestJwt.admin(otherAccount), order(otherAccount, theirUser,
                victim + "@example.com"));

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(429);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).contains("\"type\":\"https://extauth.io/problems/too-many-orders-to-address\"");
        // the oldest of the 20 leaves the day in about an hour
        assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(3540L, 3600L);
        assertThat(ordersOf(account, refusedUser)).as("nothing stored").isZero();
        assertNothingPublishedFor(refusedUser);
        assertThat(repeat.status()).as("a repeat with its key answers as the first").isEqualTo(202);
        assertThat(repeat.body().path("orderId").asText()).isEqualTo(atTheBound.body().path("orderId").asText());
        assertThat(anotherAddress.status()).as("counted per address: %s", anotherAddress.body()).isEqualTo(202);
        assertThat(otherAccountsUser.status()).as("counted per account: %s", otherAccountsUser.body()).isEqualTo(202);
    }

    @Test
    void theBillingTopicIsATrustedUpstreamAndIsNotBounded() {
        String victim = "billed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        for (int i = 0; i < PER_ADDRESS; i++) {
            String account = newAccount();
            acceptedEarlier("admin-" + account, account, victim, Duration.ofMinutes(1));
        }
        String user = newUser();
        String orderId = newOrderId();

        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, user, orderId, victim, "PHONEFACTOR", null,
                null, true, "billing-system-7"));

        recorder.awaitEvent(AuthOrdered.class, ordered -> orderId.equals(ordered.orderId()));
    }
}

package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.TestJwt;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Session 66: every order refused by a bound on accepted orders ({@code 429 too-many-orders},
 * {@code too-many-orders-to-address}) wrote a line "Portal order … not taken" of its own, so a caller at its bound
 * wrote a line per request. Each bound's refusals are a line every 10 s now, with how many came since.
 *
 * <p>Each test asserts exactly one line (the diff review: "at most one" passed with none, a line dropped or its text
 * changed): a bound's line is shared with every refusal of it in this context, so the first refusals may fall within
 * another's 10 s and write none. Orders are refused until the line naming this account comes (within those 10 s), then
 * 50 more within a moment write no other.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedOrderLinesIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Clock clock;

    @Test
    void fiftyOrdersOverTheCallersBoundWriteOneLine(CapturedOutput output) {
        String account = newAccount();
        for (int i = 0; i < 500; i++) {
            acceptedEarlier("admin-" + account, account, newUser() + "@example.com");
        }
        int before = output.getOut().length();
        Runnable refusedOrder = () -> {
            String user = newUser();
            Answer refused = call(HttpMethod.POST, "/api/orders", TestJwt.admin(account),
                    order(account, user, user + "@example.com"));
            assertThat(refused.status()).as("%s", refused.body()).isEqualTo(429);
        };

        refusedUntilALine(refusedOrder, output, before, account);
        for (int i = 0; i < 50; i++) {
            refusedOrder.run();
        }

        assertThat(linesOf(output, before, account)).as("lines for this account's refused orders, 50 within a moment")
                .singleElement().asString().contains("portal order(s) not taken since the last such line: the caller "
                        + "had as many orders of the account accepted as it may for now", "of account " + account
                        + " by admin-" + account);
    }

    @Test
    void fiftyOrdersOverTheAddressBoundWriteOneLine(CapturedOutput output) {
        String account = newAccount();
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        for (int i = 0; i < 20; i++) {
            acceptedEarlier("portal", account, victim);
        }
        int before = output.getOut().length();
        Runnable refusedOrder = () -> {
            Answer refused = call(HttpMethod.POST, "/api/orders", TestJwt.admin(account),
                    order(account, newUser(), victim));
            assertThat(refused.status()).as("%s", refused.body()).isEqualTo(429);
        };

        refusedUntilALine(refusedOrder, output, before, account);
        for (int i = 0; i < 50; i++) {
            refusedOrder.run();
        }

        assertThat(linesOf(output, before, account)).as("lines for this account's refused orders, 50 within a moment")
                .singleElement().asString().contains("portal order(s) not taken since the last such line: the address "
                        + "had as many orders of the account accepted as it may for now", "of account " + account);
    }

    /** {@code refusedOrder} again until the line naming {@code account} comes: at most the 10 s of another's line. */
    private static void refusedUntilALine(Runnable refusedOrder, CapturedOutput output, int from, String account) {
        await("the line of this account's refused orders").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    refusedOrder.run();
                    return !linesOf(output, from, account).isEmpty();
                });
    }

    private static List<String> linesOf(CapturedOutput output, int from, String account) {
        return output.getOut().substring(from).lines()
                .filter(line -> line.contains("not taken") && line.contains(account)).toList();
    }

    private static String newAccount() {
        return "acct-lines-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> order(String account, String user, String email) {
        Map<String, Object> order = new HashMap<>(portalOrder(user));
        order.put("accountId", account);
        order.put("email", email);
        return order;
    }

    /** A portal order accepted a minute ago, as the door stores one: by the caller, for the account. */
    private void acceptedEarlier(String caller, String account, String email) {
        Instant at = clock.instant().minus(Duration.ofMinutes(1));
        jdbc.update("""
                INSERT INTO orders (order_id, channel, account_id, user_id, email, type, ordered_by, monthly_fee, status,
                    created_at, updated_at)
                VALUES (?, 'PORTAL', ?, ?, ?, 'PHONEFACTOR', ?, 3.00, 'CANCELLED', ?, ?)""",
                UUID.randomUUID().toString(), account, newUser(), email, caller, Timestamp.from(at), Timestamp.from(at));
    }
}

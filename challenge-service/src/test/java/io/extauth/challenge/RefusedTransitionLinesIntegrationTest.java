package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Session 66: an admin's {@code POST …/unlock} of a user not locked is a {@code 409 not-locked}, and every one wrote a
 * line "…, nothing changed": a loop of them wrote a line per request. A request's refusals are a line every 10 s per
 * refused move now, with how many came since; a topic event's refusals are a line each, as the listeners keep no other
 * trace of the order they refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedTransitionLinesIntegrationTest extends IntegrationTestBase {

    /**
     * Exactly one line: the line is shared with every other refused unlock in this context, so the first refusals may
     * fall within another's 10 s and write none. This user's are refused until the line that names it comes (within
     * those 10 s), then 50 more within a moment write no other.
     */
    @Test
    void fiftyUnlocksOfAUserNotLockedWriteOneLine(CapturedOutput output) {
        String admin = TestJwt.admin(accountId);
        int before = output.getOut().length();

        await("the line of this user's refused unlocks").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(post(userPath("/unlock"), admin, Map.of()).getStatusCode().value()).isEqualTo(409);
                    return !linesOf(output, before).isEmpty();
                });
        for (int i = 0; i < 50; i++) {
            assertThat(post(userPath("/unlock"), admin, Map.of()).getStatusCode().value()).isEqualTo(409);
        }

        assertThat(linesOf(output, before)).as("lines for this user's refused unlocks, 50 of them within a moment")
                .singleElement().asString().contains("factor move(s) refused (UNLOCK not allowed) since the last such "
                        + "line, nothing changed; the latest: " + accountId + "/" + userId + ": UNLOCK is not allowed");
    }

    /**
     * Diff review of session 66: refusals of topic events were sampled with those of requests, by reason, and the
     * listeners keep no other trace: an admin looping on unlocks of a user not locked hid a refused
     * {@code OrderCancelled}'s order id for 10 s, and of several {@code AuthOrdered} replayed only the first showed.
     */
    @Test
    void anOrderEventRefusedAfterFiftyRefusedUnlocksHasALineNamingItsOrder(CapturedOutput output) {
        String orderId = order(AuthType.PHONEFACTOR, null);
        String admin = TestJwt.admin(accountId);
        assertThat(post(userPath("/deactivate"), admin, Map.of()).getStatusCode().value()).isEqualTo(200);
        int before = output.getOut().length();

        for (int i = 0; i < 50; i++) {
            assertThat(post(userPath("/unlock"), admin, Map.of()).getStatusCode().value()).isEqualTo(409);
        }
        // order-service's cancel, read after the deactivation: CANCEL is not allowed while DEACTIVATED
        String cancel = events().sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(accountId, userId, orderId,
                "admin-1", Instant.now()));
        // the order replayed twice by an operator (new event ids): the user's order already
        List<String> replays = List.of(replay(orderId), replay(orderId));
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(cancel) && handled(replays.get(0))
                && handled(replays.get(1)));

        String after = output.getOut().substring(before);
        assertThat(after.lines().filter(line -> line.contains("factor move refused (CANCEL not allowed)")
                && line.contains(accountId + "/" + userId) && line.contains("OrderCancelled " + orderId)))
                .as("the refused OrderCancelled's line").hasSize(1);
        assertThat(after.lines().filter(line -> line.contains("factor move refused (same-order)")
                && line.contains("order " + orderId + " is the user's order already")))
                .as("the lines of the two AuthOrdered replayed").hasSize(2);
    }

    private String replay(String orderId) {
        return events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId,
                AuthType.PHONEFACTOR, null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING,
                Instant.now()));
    }

    private boolean handled(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, eventId) == 1;
    }

    private List<String> linesOf(CapturedOutput output, int from) {
        return output.getOut().substring(from).lines()
                .filter(line -> line.contains("nothing changed") && line.contains(userId)).toList();
    }
}

package io.extauth.challenge.factor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Session 66: every refused transition wrote a line of its own, with the user id as the caller wrote it in the path (up
 * to ~8 KiB, any character the firewall lets through). A request's refusal is a line every 10 s per refused move now,
 * the ids in it capped and escaped. A refusal touches neither the database nor the outbox, so the adapter runs here
 * without them.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLinesUnitTest {

    private final UserLifecycle lifecycle = UserLifecycle.standard();
    private final FactorTransitions transitions = new FactorTransitions(null, null, Clock.systemUTC(), null);

    @Test
    void fiftyRefusedUnlocksWriteOneLineWithTheirNumberAndTheLatest(CapturedOutput output) {
        for (int i = 0; i < 50; i++) {
            FactorTransition refused = transitions.applyLocked(UserFactor.none("acct-1", "user-" + i),
                    factor -> factor.unlock(lifecycle, "admin-acct-1", Instant.now()));
            assertThat(refused).isInstanceOf(FactorTransition.Refused.class);
        }

        assertThat(output.getOut().lines().filter(line -> line.contains("nothing changed")))
                .as("the lines for 50 refusals within a moment").singleElement().asString()
                .contains("1 factor move(s) refused (UNLOCK not allowed)", "acct-1/user-0: UNLOCK is not allowed",
                        "unlocked by");
    }

    /**
     * Diff review of session 66: the line named the reason's code, {@code not-activatable} for an unlock, and all the
     * lifecycle's refusals shared one line: a loop of refused unlocks hid a refused deactivation. The line names the
     * trigger refused, and each has its own.
     */
    @Test
    void aRefusedUnlockAndARefusedDeactivationAreLinesOfTheirOwnNamingTheirTrigger(CapturedOutput output) {
        for (int i = 0; i < 5; i++) {
            transitions.applyLocked(UserFactor.none("acct-1", "user-" + i),
                    factor -> factor.unlock(lifecycle, "admin-acct-1", Instant.now()));
        }
        transitions.applyLocked(UserFactor.none("acct-1", "user-9"),
                factor -> factor.deactivate(lifecycle, "admin-acct-1", Instant.now()));

        assertThat(output.getOut().lines().filter(line -> line.contains("nothing changed"))).containsExactly(
                output.getOut().lines().filter(line -> line.contains("(UNLOCK not allowed)")).findFirst().orElseThrow(),
                output.getOut().lines().filter(line -> line.contains("(DEACTIVATE not allowed)")).findFirst()
                        .orElseThrow());
        assertThat(output.getOut()).contains("acct-1/user-9: DEACTIVATE is not allowed while NONE")
                .doesNotContain("not-activatable");
    }

    @Test
    void aCallersIdIsShownCappedAndEscaped(CapturedOutput output) {
        String longId = "u".repeat(8_000);
        transitions.applyLocked(UserFactor.none("acct-1", longId),
                factor -> factor.unlock(lifecycle, "admin-acct-1", Instant.now()));

        assertThat(output.getOut()).contains("acct-1/" + "u".repeat(64) + "... (8000 characters):")
                .doesNotContain("u".repeat(65));
        assertThat(FactorTransitions.shown("bob\n2026-12-07 INFO forged\u001b[2J\\u0041"))
                .isEqualTo("bob\\u000a2026-12-07 INFO forged\\u001b[2J\\u005cu0041");
        assertThat(FactorTransitions.shown("user-1.a_b")).isEqualTo("user-1.a_b");
    }
}

package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Session 66: an admin's {@code POST …/unlock} of a user not locked is a {@code 409 not-locked}, and every one wrote a
 * line "…, nothing changed": a loop of them wrote a line per request. Refusals are a line every 10 s per reason now,
 * with how many came since.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedTransitionLinesIntegrationTest extends IntegrationTestBase {

    @Test
    void fiftyUnlocksOfAUserNotLockedWriteAtMostOneLine(CapturedOutput output) {
        String admin = TestJwt.admin(accountId);
        int before = output.getOut().length();

        for (int i = 0; i < 50; i++) {
            assertThat(post(userPath("/unlock"), admin, Map.of()).getStatusCode().value()).isEqualTo(409);
        }

        assertThat(output.getOut().substring(before).lines()
                .filter(line -> line.contains("nothing changed") && line.contains(userId)))
                .as("lines for 50 refused unlocks within a moment").hasSizeLessThanOrEqualTo(1);
    }
}

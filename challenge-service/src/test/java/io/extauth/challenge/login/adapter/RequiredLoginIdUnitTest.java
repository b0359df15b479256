package io.extauth.challenge.login.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code extauth.challenges.require-login-id}: a deployment whose portals and VPN gateways all name their sign-ins
 * refuses a request that names none (400), before anything is looked up, so no caller can share an open challenge.
 * That a loginId is optional by default, every integration test that asks for a challenge without one shows.
 */
class RequiredLoginIdUnitTest {

    @Test
    void aChallengeRequestWithoutLoginIdIs400WhenTheDeploymentRequiresOne() {
        ChallengeController controller = new ChallengeController(null, null, properties(true));

        FieldProblemsException refused = catchThrowableOfType(FieldProblemsException.class,
                () -> controller.issue(new ChallengeController.ChallengeRequest("acct-1", "user-1", "PORTAL", null)));

        assertThat(refused.status().value()).isEqualTo(400);
        assertThat(refused.errors()).extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("loginId", "REQUIRED"));
    }

    private static ChallengeProperties properties(boolean requireLoginId) {
        Duration d = Duration.ofMinutes(1);
        return new ChallengeProperties(new ChallengeProperties.Expiry(d, d, d, d, d, d, d), d,
                new ChallengeProperties.Delivery(d, d, 1, Duration.ZERO), requireLoginId);
    }
}

package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The scenarios of one run order their users by id on the same stack: the orders scenario's low-rate users once had
 * the login users' ids, so the login scenario's orders were duplicates, no provisioning e-mail came and its setup
 * failed after 60 s (the CI bench smoke).
 */
class UserIdsUnitTest {

    @Test
    void theOrdersScenariosLowRateUsersAreNeverTheLoginScenariosUsers() {
        RunIds ids = RunIds.random();

        for (int n = 0; n < 100; n++) {
            assertThat(ids.user(OrdersScenario.LATENCY_USERS, n)).isNotEqualTo(ids.user(LoginSetup.USERS, n));
        }
        assertThat(OrdersScenario.LATENCY_USERS).isNotEqualTo(LoginSetup.USERS);
    }
}

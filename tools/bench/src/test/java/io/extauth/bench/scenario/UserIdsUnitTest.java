package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    @Test
    void theWarmUpsUsersAreNobodyElses() {
        RunIds ids = RunIds.random();
        // every other kind of one run: the low-rate, fixed-rate, flat-out and ramp orders, and the login users
        Set<String> others = new HashSet<>();
        for (int n = 0; n < 2_000; n++) {
            for (String kind : List.of(OrdersScenario.LATENCY_USERS, "r", "f", "s1", "s7", LoginSetup.USERS)) {
                others.add(ids.user(kind, n));
            }
        }

        for (int n = 0; n < 2_000; n++) {
            assertThat(others).doesNotContain(ids.user(OrdersScenario.WARMUP_USERS, n));
        }
    }
}

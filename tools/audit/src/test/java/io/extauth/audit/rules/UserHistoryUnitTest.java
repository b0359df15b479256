package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.UserLifecycle;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserHistoryUnitTest {

    @Test
    void theEventsAreTheStepsEventsInTheirOrderAndCannotBeChanged() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.SUCCEEDED);
        UserHistory history = new LifecycleReplay(UserLifecycle.standard())
                .replay(new UserKey("1234", "jane"), jane.events());

        List<AuditEvent> events = history.events();

        assertThat(events).hasSize(history.steps().size()).isNotEmpty();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i)).isSameAs(history.steps().get(i).event());
        }
        assertThat(events).isEqualTo(history.steps().stream().map(Step::event).toList());
        assertThatThrownBy(() -> events.add(events.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> events.set(0, events.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> events.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}

package io.extauth.testsupport;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Provisioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedEventsUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    @Test
    void anEventIsReadIntoItsContractRecord() {
        Provisioned provisioned = new Provisioned("acct-1", "user-1", "order-1", AuthType.PHONEFACTOR, "PF-1", NOW);

        assertThat(recorded(Topics.AUTH_PROVISIONED, provisioned).as(Provisioned.class)).isEqualTo(provisioned);
    }

    @Test
    void exactlyOneMatchingEventIsFoundByItsTypedFieldsAndReturned() {
        List<RecordedEvent> records = List.of(
                recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-1", ChallengeOutcome.FAILED)),
                recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-2", ChallengeOutcome.SUCCEEDED)),
                recorded(Topics.AUTH_PROVISIONED,
                        new Provisioned("acct-1", "user-1", "order-1", AuthType.PHONEFACTOR, "PF-1", NOW)));

        ChallengeResult succeeded = assertThatEvents(records)
                .containsExactlyOne(ChallengeResult.class, r -> r.outcome() == ChallengeOutcome.SUCCEEDED);

        assertThat(succeeded.challengeId()).isEqualTo("c-2");
        assertThatEvents(records).containsNone(ChallengeResult.class, r -> r.outcome() == ChallengeOutcome.LOCKED_OUT);
    }

    @Test
    void noMatchOrTwoMatchesFailTheAssertion() {
        List<RecordedEvent> records = List.of(
                recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-1", ChallengeOutcome.FAILED)),
                recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-2", ChallengeOutcome.FAILED)));

        assertThatThrownBy(() -> assertThatEvents(records).containsExactlyOne(ChallengeResult.class))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatEvents(records)
                .containsExactlyOne(ChallengeResult.class, r -> r.outcome() == ChallengeOutcome.SUCCEEDED))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theRecordsOfTheMatchingEventsAreGivenAsTheyWereOnTheTopicForTheirBytes() {
        RecordedEvent first = recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-1", ChallengeOutcome.FAILED));
        List<RecordedEvent> records = List.of(first,
                recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-2", ChallengeOutcome.SUCCEEDED)),
                recorded(Topics.AUTH_PROVISIONED,
                        new Provisioned("acct-1", "user-1", "order-1", AuthType.PHONEFACTOR, "PF-1", NOW)));

        assertThat(assertThatEvents(records).recordsOf(ChallengeResult.class,
                r -> r.outcome() == ChallengeOutcome.FAILED)).containsExactly(first)
                .allSatisfy(record -> assertThat(record.value()).contains("\"challengeId\":\"c-1\""));
    }

    @Test
    void aRecordOfAnotherTypeIsNotReadAsThisOne() {
        RecordedEvent failed = recorded(Topics.AUTH_CHALLENGE_RESULT, result("c-1", ChallengeOutcome.FAILED));

        assertThatThrownBy(() -> failed.as(Provisioned.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ChallengeResult");
    }

    private static ChallengeResult result(String challengeId, ChallengeOutcome outcome) {
        return new ChallengeResult("acct-1", "user-1", challengeId, LoginChannel.PORTAL, outcome, 0, 5, null, NOW);
    }

    private static RecordedEvent recorded(String topic, ExtauthEvent event) {
        String json = ContractJson.mapper().writeValueAsString(event);
        return new RecordedEvent(topic, 0, 0, event.userId(), Map.of("ce_type", event.eventType()), json,
                ContractJson.mapper().readTree(json));
    }
}

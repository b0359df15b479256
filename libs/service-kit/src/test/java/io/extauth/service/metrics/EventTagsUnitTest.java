package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.EventTypes;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTagsUnitTest {

    private static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");

    @Test
    void aLockoutIsTaggedWithItsOutcomeAndChannel() {
        var tags = EventTags.of(new ChallengeResult("a", "u", "c", LoginChannel.VPN, ChallengeOutcome.LOCKED_OUT, 5,
                0, AT, AT));

        assertThat(tags).containsEntry("type", "ChallengeResult").containsEntry("topic", "auth.challenge-result")
                .containsEntry("outcome", "LOCKED_OUT").containsEntry("channel", "VPN");
    }

    @Test
    void aRejectedOrderIsTaggedWithItsFirstReasonCode() {
        var tags = EventTags.of(new OrderRejected("a", "u", "o", List.of(
                new OrderRejected.Reason("email", "INVALID_FORMAT", "…"),
                new OrderRejected.Reason("type", "REQUIRED", "…"))));

        assertThat(tags).containsEntry("reason", "INVALID_FORMAT");
    }

    @Test
    void aFailedProvisioningIsTaggedWithItsFactorType() {
        var tags = EventTags.of(new ProvisioningFailed("a", "u", "o", AuthType.SYMANTEC_VIP, "timeout", 5));

        assertThat(tags).containsEntry("factor", "SYMANTEC_VIP").containsEntry("outcome", "FAILED");
    }

    @Test
    void aWithdrawnEmailIsTaggedWithItsTemplateAsASentOneIs() {
        var tags = EventTags.of(new EmailWithdrawn("a", "u", "o", "provisioned-phonefactor", "<m@extauth>",
                "order o was cancelled", AT));

        assertThat(tags).containsEntry("type", "EmailWithdrawn").containsEntry("topic", "auth.email-sent")
                .containsEntry("reason", "provisioned-phonefactor");
    }

    @Test
    void everyEventHasTheSameTagNamesForPrometheus() {
        var tags = EventTags.of(new Unlocked("a", "u", "TIMER", AT));

        assertThat(tags.keySet()).containsExactly("type", "topic", "outcome", "channel", "factor", "method",
                "reason");
        assertThat(tags).containsEntry("outcome", EventTags.NONE);
        assertThat(EventTypes.names()).contains(tags.get("type"));
    }
}

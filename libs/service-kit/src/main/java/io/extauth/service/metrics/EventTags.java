package io.extauth.service.metrics;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tags of one event on {@code extauth_events_published_total}: its type and topic, and the few low-cardinality
 * values operators slice by (outcome, channel, factor type, method, rejection reason, mail template). Every event has
 * every tag, {@code none} where it does not apply, because Prometheus wants one set of label names per metric.
 * Rule code: plain Java, no Micrometer.
 */
public final class EventTags {

    public static final String NONE = "none";

    private EventTags() {
    }

    public static Map<String, String> of(ExtauthEvent event) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("type", event.eventType());
        tags.put("topic", EventTypes.topicOf(event.eventType()).orElse(NONE));
        String outcome = NONE;
        String channel = NONE;
        String factor = NONE;
        String method = NONE;
        String reason = NONE;
        // Java 17: no pattern switch yet
        if (event instanceof ChallengeResult result) {
            outcome = name(result.outcome());
            channel = name(result.channel());
        } else if (event instanceof ChallengeIssued issued) {
            channel = name(issued.channel());
            factor = name(issued.type());
            method = name(issued.method());
        } else if (event instanceof FraudReported fraud) {
            channel = name(fraud.channel());
            method = name(fraud.method());
        } else if (event instanceof OrderRejected rejected) {
            reason = rejected.reasons().isEmpty() ? NONE : rejected.reasons().get(0).code();
        } else if (event instanceof AuthOrdered ordered) {
            factor = name(ordered.type());
            channel = name(ordered.channel());
        } else if (event instanceof Provisioned provisioned) {
            factor = name(provisioned.type());
            outcome = "PROVISIONED";
        } else if (event instanceof ProvisioningFailed failed) {
            factor = name(failed.type());
            outcome = "FAILED";
        } else if (event instanceof Activated activated) {
            factor = name(activated.type());
            method = name(activated.method());
        } else if (event instanceof FactorSettingsChanged changed) {
            method = name(changed.method());
        } else if (event instanceof EmailSent sent) {
            reason = sent.template();
        } else if (event instanceof EmailWithdrawn withdrawn) {
            reason = withdrawn.template();
        }
        tags.put("outcome", outcome);
        tags.put("channel", channel);
        tags.put("factor", factor);
        tags.put("method", method);
        tags.put("reason", reason);
        return tags;
    }

    private static String name(@Nullable Enum<?> value) {
        return value == null ? NONE : value.name();
    }
}

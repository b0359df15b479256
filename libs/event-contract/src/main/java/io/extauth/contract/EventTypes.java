package io.extauth.contract;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which event types exist, which record carries each and on which topic each travels. */
public final class EventTypes {

    private record Entry(Class<? extends ExtauthEvent> type, String topic) {
    }

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    static {
        register(OrderPlaced.class, Topics.BILLING_ORDERS);
        register(OrderRejected.class, Topics.BILLING_ORDERS_REJECTED);
        register(AuthOrdered.class, Topics.AUTH_ORDERED);
        register(OrderCancelled.class, Topics.AUTH_ORDERED);
        register(Provisioned.class, Topics.AUTH_PROVISIONED);
        register(ProvisioningFailed.class, Topics.AUTH_PROVISIONED);
        register(EmailSent.class, Topics.AUTH_EMAIL_SENT);
        register(EmailWithdrawn.class, Topics.AUTH_EMAIL_SENT);
        register(Activated.class, Topics.AUTH_ACTIVATED);
        register(Deactivated.class, Topics.AUTH_ACTIVATED);
        register(Unlocked.class, Topics.AUTH_ACTIVATED);
        register(FactorSettingsChanged.class, Topics.AUTH_ACTIVATED);
        register(ChallengeIssued.class, Topics.AUTH_CHALLENGE_ISSUED);
        register(ChallengeResult.class, Topics.AUTH_CHALLENGE_RESULT);
        register(FraudReported.class, Topics.AUTH_CHALLENGE_RESULT);
    }

    private EventTypes() {
    }

    private static void register(Class<? extends ExtauthEvent> type, String topic) {
        BY_NAME.put(type.getSimpleName(), new Entry(type, topic));
    }

    /** Every event type name of the contract, in the order registered. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    public static Optional<Class<? extends ExtauthEvent>> classOf(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName)).map(Entry::type);
    }

    public static boolean isKnown(String typeName) {
        return BY_NAME.containsKey(typeName);
    }

    /** The topic an event type travels on, when it is an event of the contract. */
    public static Optional<String> topicOf(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName)).map(Entry::topic);
    }

    /** The topic an event travels on; every event of the contract has exactly one. */
    public static String topicOf(ExtauthEvent event) {
        Entry entry = BY_NAME.get(event.eventType());
        if (entry == null) {
            throw new IllegalArgumentException("Not an event of the contract: " + event.eventType());
        }
        return entry.topic();
    }
}

package io.extauth.audit.rules;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
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
import io.extauth.contract.events.Unlocked;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-made histories for the rules: one account user's events with positions, ids and times a second apart. */
final class History {

    static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    /** Long after every history: nothing is pending any more. */
    static final Instant AS_OF = START.plus(Duration.ofDays(30));

    private final String accountId;
    private final String userId;
    private final List<AuditEvent> events;
    private final Map<String, Long> offsets;
    private Instant clock = START;
    private int strikes;
    private int challenges;
    private Instant lockedUntil;

    History(String accountId, String userId) {
        this(accountId, userId, new ArrayList<>(), new HashMap<>());
    }

    private History(String accountId, String userId, List<AuditEvent> events, Map<String, Long> offsets) {
        this.accountId = accountId;
        this.userId = userId;
        this.events = events;
        this.offsets = offsets;
    }

    /** Another user whose events go into the same list. */
    History andUser(String otherAccount, String otherUser) {
        History other = new History(otherAccount, otherUser, events, offsets);
        other.clock = clock;
        return other;
    }

    List<AuditEvent> events() {
        return events;
    }

    AuditEvent last() {
        return events.get(events.size() - 1);
    }

    AuditEvent add(ExtauthEvent data) {
        return add(UUID.randomUUID().toString(), data);
    }

    AuditEvent add(String id, ExtauthEvent data) {
        clock = clock.plusSeconds(1);
        String topic = EventTypes.topicOf(data);
        long offset = offsets.merge(topic, 1L, Long::sum) - 1;
        AuditEvent event = new AuditEvent(new Position(topic, 0, offset), id, clock, data);
        events.add(event);
        return event;
    }

    /**
     * The event as an instance whose clock differs stamped it: the same position, id and data, {@code ce_time} at
     * {@code time}. Replaces it in the history; returns it.
     */
    AuditEvent stampedAt(AuditEvent event, Instant time) {
        AuditEvent stamped = new AuditEvent(event.position(), event.id(), time, event.data());
        events.set(events.indexOf(event), stamped);
        return stamped;
    }

    /** The event on another partition of its topic, at {@code offset} there (a topic given more partitions). */
    AuditEvent movedTo(AuditEvent event, int partition, long offset) {
        AuditEvent moved = new AuditEvent(new Position(event.position().topic(), partition, offset), event.id(),
                event.time(), event.data());
        events.set(events.indexOf(event), moved);
        return moved;
    }

    /** The events as the audit reads them: partition after partition, each in offset order, whatever their times. */
    List<AuditEvent> asRead() {
        List<AuditEvent> read = new ArrayList<>(events);
        read.sort(Comparator.comparing((AuditEvent e) -> e.position().topic())
                .thenComparingInt(e -> e.position().partition()).thenComparingLong(e -> e.position().offset()));
        return read;
    }

    /** The same event again: same id, same data, a new position. */
    AuditEvent redeliver(AuditEvent event) {
        return add(event.id(), event.data());
    }

    Instant now() {
        return clock;
    }

    void wait(Duration duration) {
        clock = clock.plus(duration);
    }

    AuditEvent orderPlaced(String orderId) {
        return add(new OrderPlaced(accountId, userId, orderId, "jane@example.com", "PHONEFACTOR", null, null, true,
                "admin-" + accountId));
    }

    AuditEvent ordered(String orderId) {
        return orderedAt(orderId, clock);
    }

    /** An order placed at {@code at}, which may be before the events already written (a replayed dead letter). */
    AuditEvent orderedAt(String orderId, Instant at) {
        strikes = 0; // a new order starts from scratch (a refused one would not: no test fails after one)
        return add(new AuthOrdered(accountId, userId, orderId, AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("4.99"), OrderChannel.BILLING, at));
    }

    AuditEvent rejected(String orderId) {
        return add(new OrderRejected(accountId, userId, orderId,
                List.of(new OrderRejected.Reason("msaAcknowledged", "REQUIRED", "acknowledge the MSA"))));
    }

    AuditEvent provisioned(String orderId) {
        return add(new Provisioned(accountId, userId, orderId, AuthType.PHONEFACTOR, "pf-" + orderId, clock));
    }

    AuditEvent email(String orderId, String template) {
        return add(new EmailSent(accountId, userId, orderId, template, "j***@example.com",
                "<" + UUID.randomUUID() + "@extauth>", clock));
    }

    AuditEvent withdrawn(String orderId, String template) {
        return add(new EmailWithdrawn(accountId, userId, orderId, template, "<" + UUID.randomUUID() + "@extauth>",
                "order " + orderId + " was cancelled", clock));
    }

    AuditEvent activated() {
        strikes = 0;
        return add(new Activated(accountId, userId, AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD, clock,
                userId));
    }

    AuditEvent deactivated() {
        strikes = 0;
        return add(new Deactivated(accountId, userId, "admin-" + accountId, clock));
    }

    /** The factor of the order switched off, as challenge-service writes it since a {@code Deactivated} names it. */
    AuditEvent deactivated(String orderId) {
        strikes = 0;
        return add(new Deactivated(accountId, userId, "admin-" + accountId, clock, AuthType.PHONEFACTOR, orderId));
    }

    /** Order, provisioning with its e-mail, activation with its e-mail: a clean start. */
    History onboarded(String orderId) {
        orderPlaced(orderId);
        ordered(orderId);
        provisioned(orderId);
        email(orderId, "provisioned-phonefactor");
        activated();
        email(orderId, "activated");
        return this;
    }

    AuditEvent issued(String challengeId) {
        return add(new ChallengeIssued(accountId, userId, challengeId, LoginChannel.PORTAL, AuthType.PHONEFACTOR,
                PhoneFactorMethod.PHONE_CALL_STANDARD, "+1 ***-***-1234", clock.plusSeconds(120),
                "PhoneFactor authentication is being attempted"));
    }

    AuditEvent result(String challengeId, ChallengeOutcome outcome) {
        switch (outcome) {
            case SUCCEEDED -> strikes = 0;
            case FAILED, EXPIRED, LOCKED_OUT -> strikes++;
            case REJECTED_LOCKED, NOT_DELIVERED -> { }
        }
        Instant until = outcome == ChallengeOutcome.LOCKED_OUT ? clock.plus(Duration.ofMinutes(60))
                : outcome == ChallengeOutcome.REJECTED_LOCKED ? lockedUntil : null;
        if (outcome == ChallengeOutcome.LOCKED_OUT) {
            lockedUntil = until;
        }
        return add(new ChallengeResult(accountId, userId, challengeId, LoginChannel.PORTAL, outcome, strikes,
                Math.max(0, 5 - strikes), until, clock));
    }

    /** A challenge issued and decided; returns the result. */
    AuditEvent login(ChallengeOutcome outcome) {
        String challengeId = userId + "-c" + challenges++;
        issued(challengeId);
        return result(challengeId, outcome);
    }

    /**
     * A challenge of a user no longer active (deactivated or ordered again while it was open), as challenge-service
     * decides it: FAILED without a strike, {@code consecutiveFailures} 0 and {@code remainingAttempts} 0.
     */
    AuditEvent failedWithoutStrike() {
        return failedWithoutStrikeAround(() -> { });
    }

    /** As {@link #failedWithoutStrike()}, with {@code between} written after the challenge and before its result. */
    AuditEvent failedWithoutStrikeAround(Runnable between) {
        String challengeId = userId + "-c" + challenges++;
        issued(challengeId);
        between.run();
        return add(new ChallengeResult(accountId, userId, challengeId, LoginChannel.PORTAL, ChallengeOutcome.FAILED, 0,
                0, null, clock));
    }

    /** A challenge issued and decided as a strike that says {@code consecutiveFailures}, whatever the count. */
    AuditEvent strikeSaying(ChallengeOutcome outcome, int consecutiveFailures) {
        String challengeId = userId + "-c" + challenges++;
        issued(challengeId);
        strikes++;
        return add(new ChallengeResult(accountId, userId, challengeId, LoginChannel.PORTAL, outcome,
                consecutiveFailures, Math.max(0, 5 - consecutiveFailures), null, clock));
    }

    /** Strikes count from zero again (a counter-reset window passed) for the next results. */
    void strikesForgotten() {
        strikes = 0;
    }

    AuditEvent rejectedWhileLocked() {
        return result(userId + "-c" + challenges++, ChallengeOutcome.REJECTED_LOCKED);
    }

    /** Four failures and the fifth that locks; returns the LOCKED_OUT. */
    AuditEvent lockOut() {
        for (int i = 0; i < 4; i++) {
            login(ChallengeOutcome.FAILED);
        }
        return login(ChallengeOutcome.LOCKED_OUT);
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    AuditEvent unlocked(String by, Instant at) {
        strikes = 0;
        return add(new Unlocked(accountId, userId, by, at));
    }

    /** The timer fires when the lock runs out. */
    AuditEvent unlockedByTimer() {
        clock = lockedUntil;
        return unlocked(Unlocked.BY_TIMER, lockedUntil);
    }

    AuditEvent cancelled(String orderId) {
        return add(new OrderCancelled(accountId, userId, orderId, "admin-" + accountId, clock));
    }

    AuditEvent settingsChanged(PhoneFactorMethod method) {
        return add(new FactorSettingsChanged(accountId, userId, method, "admin-" + accountId, clock));
    }

    /**
     * A challenge the user reports as fraud: issued, decided LOCKED_OUT without {@code lockedUntil}, and the
     * {@code FraudReported} after it; returns the result.
     */
    AuditEvent fraudReport() {
        return fraudLock(true);
    }

    /** A lock without {@code lockedUntil}, as a fraud report takes, with or without its {@code FraudReported}. */
    AuditEvent fraudLock(boolean reported) {
        String challengeId = userId + "-c" + challenges++;
        issued(challengeId);
        strikes++;
        AuditEvent result = add(new ChallengeResult(accountId, userId, challengeId, LoginChannel.PORTAL,
                ChallengeOutcome.LOCKED_OUT, strikes, 0, null, clock));
        if (reported) {
            add(new FraudReported(accountId, userId, challengeId, LoginChannel.PORTAL,
                    PhoneFactorMethod.PHONE_CALL_STANDARD, clock));
        }
        return result;
    }
}

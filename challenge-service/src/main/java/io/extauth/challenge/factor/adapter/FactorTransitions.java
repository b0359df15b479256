package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.factor.FactorRefusal;
import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.contract.ExtauthEvent;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.service.logs.SampledLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The one place a user's factor changes: lock the row, let the {@link UserFactor} decide, record the lifecycle move in
 * {@code lifecycle_history}, save, and put the events in the outbox, all in one transaction (the caller's, if it has
 * one). A refusal changes nothing and is returned to the caller. A move out of ACTIVE is also told in the process
 * ({@link FactorLeftActive}), for what must stop once it commits. A listener's move costs two statements: the row
 * created or locked, then the history and the save; one for a user never seen, created already moved.
 */
@Component
public class FactorTransitions {

    private static final Logger log = LoggerFactory.getLogger(FactorTransitions.class);
    static final int REFUSALS_LINE_EVERY_SECONDS = 10;
    /** The most of a caller's id a line shows (order-service takes ids of at most 64 characters). */
    static final int SHOWN_ID_LENGTH = 64;

    private final UserFactors factors;
    private final FactorEvents events;
    private final Clock clock;
    private final ApplicationEventPublisher local;
    /**
     * A refusal of a request's move ({@link #apply}, {@link #applyLocked}: an admin's unlock or deactivation, an
     * activation; the timers' moves too) is a line every {@value #REFUSALS_LINE_EVERY_SECONDS} s per {@link #what
     * refused move}, with how many came since, not a line each: a caller can cause one per request ({@code POST
     * …/unlock} of a user not locked is a {@code 409}), and until session 66 each wrote its own line, with a user id of
     * the caller's choosing from the path. A refusal of a topic's event ({@link #applyCreating}, the listeners') is a
     * line each: the listeners go on without it, so that line is all that names the order refused (an {@code
     * AuthOrdered} read again, a stale one replayed, an {@code OrderCancelled} the user's state refuses), and their
     * number is the topic's, not a caller's (the diff review found a loop of refused unlocks hiding them).
     */
    private final Map<String, SampledLine> requestRefusals = new ConcurrentHashMap<>();

    /** What asked for a move: a request's refusals are sampled, a topic event's are a line each. */
    private enum Source {
        REQUEST, EVENT
    }

    public FactorTransitions(UserFactors factors, FactorEvents events, Clock clock, ApplicationEventPublisher local) {
        this.factors = factors;
        this.events = events;
        this.clock = clock;
        this.local = local;
    }

    /**
     * The refused move as a line names it, and the key its requests' lines are sampled by: the trigger the lifecycle
     * refused ({@code UNLOCK not allowed}; its reason's code, {@code not-activatable}, is the web problem's and said
     * nothing of an unlock), else the reason's code, which names the move already ({@code same-order},
     * {@code not-provisioned}). A handful of keys: triggers and reasons.
     */
    static String what(FactorTransition.Refused refused) {
        if (refused.reason() == FactorRefusal.Reason.NOT_ALLOWED) {
            // UserFactor's refusal starts with the lifecycle's own words: "<TRIGGER> is not allowed while <STATE>"
            for (LifecycleTrigger trigger : LifecycleTrigger.values()) {
                if (refused.detail().startsWith(trigger.name() + " is not allowed")) {
                    return trigger.name() + " not allowed";
                }
            }
            return "not allowed by the lifecycle";
        }
        return refused.reason().code();
    }

    /**
     * An id as a refusal's line shows it: a path's user id is the caller's choice, unchecked (a user never seen is
     * refused like any other), so at most {@value #SHOWN_ID_LENGTH} characters of it, anything but printable ASCII as
     * a backslash, u and four hex digits, and the length of a longer one.
     */
    static String shown(String id) {
        int shown = Math.min(id.length(), SHOWN_ID_LENGTH);
        StringBuilder line = new StringBuilder(shown + 24);
        for (int i = 0; i < shown; i++) {
            char c = id.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                line.append(c);
            } else {
                line.append(String.format("\\u%04x", (int) c));
            }
        }
        if (id.length() > shown) {
            line.append("... (").append(id.length()).append(" characters)");
        }
        return line.toString();
    }

    /** The user's factor under its row lock, moved by {@code transition}; a user never seen is {@code NONE}. */
    @Transactional
    public FactorTransition apply(String accountId, String userId, Function<UserFactor, FactorTransition> transition) {
        return save(transition.apply(factors.lock(accountId, userId)), Source.REQUEST);
    }

    /** As {@link #apply}, for a caller that holds the row lock already and has just read {@code locked} under it. */
    @Transactional
    public FactorTransition applyLocked(UserFactor locked, Function<UserFactor, FactorTransition> transition) {
        return save(transition.apply(locked), Source.REQUEST);
    }

    /**
     * As {@link #apply}, creating the row first for a user never seen (an event may be the first word of them). For the
     * listeners: it runs in the caller's transaction (the inbox transaction of the record's batch), without a
     * transaction proxy of its own per record, and refuses to run without one.
     *
     * <p>The transition is first decided for a user never seen ({@link UserFactor#none}); when that moves the user, the
     * row is created already moved, with its history row, by one statement that creates nothing if the row exists (it
     * waits for a transaction creating it meanwhile). Only then, or when that decision refuses, is the row created or
     * locked and the transition decided on it, as always. A first order of a user costs one statement, not two (issue
     * 14); an event for a user with a row costs the refused insert on top, and for most such events (an answer to an
     * order, a cancellation) the decision for a user never seen refuses or changes data without a lifecycle move (a
     * cancellation of an order not read yet is kept), so no insert is tried.
     */
    public FactorTransition applyCreating(String accountId, String userId,
            Function<UserFactor, FactorTransition> transition) {
        Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
                "applyCreating needs the caller's transaction");
        if (transition.apply(UserFactor.none(accountId, userId)) instanceof FactorTransition.Moved first
                && first.move() != null) {
            Optional<UserFactor> created = factors.createMoved(first.next(), first.move(), first.cause(),
                    clock.instant());
            if (created.isPresent()) {
                told(first);
                return published(first, created.get());
            }
        }
        return save(transition.apply(factors.lockOrCreate(accountId, userId, clock.instant())), Source.EVENT);
    }

    /**
     * The moves every order and every login makes (ordered, provisioned, a challenge passed, one failed short of a
     * lock) are logged at DEBUG: they are on the topics already, and a line each was a few percent of the CPU of an
     * order's or a login's path. A move a person or a lockout causes (activation, lock, unlock, deactivation, a
     * cancelled or failed order) stays at INFO.
     */
    static boolean routine(Transition.Moved move) {
        return switch (move.trigger()) {
            // an order taking a live factor's place (order-service cancelled the earlier one too late) is rare and
            // switches a factor off: it is worth a line
            case ORDER -> move.from() == LifecycleState.NONE || move.from() == LifecycleState.DEACTIVATED
                    || move.from() == LifecycleState.ORDERED;
            case PROVISION, SUCCEED -> true;
            case FAIL -> move.to() == move.from();
            default -> false;
        };
    }

    private FactorTransition save(FactorTransition result, Source source) {
        if (!(result instanceof FactorTransition.Moved moved)) {
            refused((FactorTransition.Refused) result, source);
            return result;
        }
        UserFactor next = moved.next();
        Instant now = clock.instant();
        Transition.Moved move = moved.move();
        told(moved);
        // the move's history row and the save in one statement
        UserFactor saved = move == null ? factors.save(next, now) : factors.save(next, move, moved.cause(), now);
        return published(moved, saved);
    }

    private void refused(FactorTransition.Refused refused, Source source) {
        String what = what(refused);
        if (source == Source.EVENT) {
            log.info("{}/{}: factor move refused ({}), nothing changed: {}", shown(refused.factor().accountId()),
                    shown(refused.factor().userId()), what, refused.detail());
            return;
        }
        requestRefusals.computeIfAbsent(what, key -> new SampledLine(Duration.ofSeconds(REFUSALS_LINE_EVERY_SECONDS)))
                .happened().ifPresent(since -> log.info("{} factor move(s) refused ({}) since the last such line, "
                        + "nothing changed; the latest: {}/{}: {}", since, what, shown(refused.factor().accountId()),
                        shown(refused.factor().userId()), refused.detail()));
    }

    /** The move logged, and a move out of ACTIVE told in the process ({@link FactorLeftActive}). */
    private void told(FactorTransition.Moved moved) {
        UserFactor next = moved.next();
        Transition.Moved move = moved.move();
        if (move == null) {
            return;
        }
        if (routine(move)) {
            log.debug("{}/{}: {} -> {} by {} ({})", next.accountId(), next.userId(), move.from(), move.to(),
                    move.trigger(), moved.cause());
        } else {
            log.info("{}/{}: {} -> {} by {} ({})", next.accountId(), next.userId(), move.from(), move.to(),
                    move.trigger(), moved.cause());
        }
        // only a user who was ACTIVE can have a pending challenge: one is issued only to an ACTIVE user, under
        // this row lock, and a move out of ACTIVE decides them all in its transaction
        if (move.from() == LifecycleState.ACTIVE && move.to() != LifecycleState.ACTIVE) {
            local.publishEvent(new FactorLeftActive(next.accountId(), next.userId(), move.to()));
        }
    }

    /** The move's events put in the outbox; the move as {@code saved} now is. */
    private FactorTransition published(FactorTransition.Moved moved, UserFactor saved) {
        for (ExtauthEvent event : moved.events()) {
            events.publish(event);
        }
        return new FactorTransition.Moved(saved, moved.move(), moved.cause(), moved.events());
    }
}

package io.extauth.challenge.contact.adapter;

import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.database.adapter.BatchedDelete;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the contacts no limit reads any more, each kind after its own longest window
 * ({@link ContactLimitProperties#retention}) and {@link #CLOCK_MARGIN}: a login's call, text or push after 10 minutes
 * and 1, a verification call after an hour and 1, a failed verification after a day and 1 (the defaults). Every
 * {@code extauth.contacts.prune-interval-ms} (10 min); harmless when several instances run it (they delete different
 * rows, {@link BatchedDelete}).
 * <p>
 * A run works for {@link #SLICE} at most (and the statement under way), then hands its scheduler thread back: the
 * service's timers share few (4) with the challenges' delivery, every second. When rows were left, the next run is
 * asked for at once, behind the timers already due, not after the interval: until session 66 a run made 20 batches
 * (200,000 rows) and the rest waited ten minutes, so above 333 contacts a second per instance the table only grew.
 */
@Component
public class ContactPrune {

    /** The longest a run works before it hands its thread back (and asks for the next at once when rows were left). */
    static final Duration SLICE = Duration.ofSeconds(2);
    /**
     * Kept this much past the window: a contact's time and a limit's window are each taken on an instance's clock, and
     * one instance whose clock ran ahead would otherwise delete contacts that another still counts.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ContactPrune.class);

    private final ContactAttempts attempts;
    private final ContactLimitProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Duration slice;
    /** A run under way, or asked for: the interval's run does not start a second one beside it. */
    private final AtomicBoolean running = new AtomicBoolean();

    @Autowired
    ContactPrune(ContactAttempts attempts, ContactLimitProperties properties, Clock clock, TaskScheduler scheduler) {
        this(attempts, properties, clock, scheduler, SLICE);
    }

    ContactPrune(ContactAttempts attempts, ContactLimitProperties properties, Clock clock, TaskScheduler scheduler,
            Duration slice) {
        this.attempts = attempts;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
        this.slice = slice;
    }

    /** The interval's run; and the runs it asks for at once, while rows are left. */
    @Scheduled(fixedDelayString = "${extauth.contacts.prune-interval-ms:600000}", initialDelay = 60_000)
    void forgetOldContacts() {
        if (running.compareAndSet(false, true)) {
            run();
        }
    }

    /** Whether a run is under way or asked for. */
    boolean running() {
        return running.get();
    }

    private void run() {
        boolean again = false;
        try {
            again = forgetSome() && !Thread.currentThread().isInterrupted();
        } finally {
            if (again) {
                try {
                    scheduler.schedule(this::run, Instant.now());
                } catch (TaskRejectedException e) {
                    again = false; // the service is stopping: the next start's run goes on
                }
            }
            if (!again) {
                running.set(false);
            }
        }
    }

    /** One run: each kind's contacts past its retention, until {@link #slice} is spent; whether rows may be left. */
    private boolean forgetSome() {
        Instant now = clock.instant();
        long deadline = System.nanoTime() + slice.toNanos();
        int deleted = 0;
        for (ContactKind kind : ContactKind.values()) {
            BatchedDelete.Run run = attempts.deleteOlderThan(kind,
                    now.minus(properties.retention(kind)).minus(CLOCK_MARGIN), deadline);
            deleted += run.deleted();
            if (run.more()) {
                log.debug("Contacts: deleted {} old contact(s); more left, going on at once", deleted);
                return true;
            }
        }
        log.debug("Contacts: deleted {} old contact(s)", deleted);
        return false;
    }
}

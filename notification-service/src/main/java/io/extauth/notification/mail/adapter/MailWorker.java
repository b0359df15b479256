package io.extauth.notification.mail.adapter;

import tools.jackson.core.JacksonException;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FraudReported;
import io.extauth.messaging.cloudevents.EventJson;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.PolledWorker;
import io.extauth.messaging.work.RetryPolicy;
import io.extauth.messaging.work.WorkRunner;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.contact.adapter.Contacts;
import io.extauth.notification.mail.Email;
import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.adapter.QueuedEmails.Queued;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued e-mails, on the messaging kit's {@link WorkRunner}. Every poll claims as many due rows as it has
 * free slots (SKIP LOCKED, with a lease), writes and sends each over SMTP outside any transaction, then records SENT
 * and publishes {@code EmailSent} in one statement, run again while the database gives way for up to a lease, the lease
 * renewed meanwhile. SMTP down, 4xx or a contact not yet known: tried again after an exponential, jittered, capped
 * wait, with no limit on attempts. A permanently bad address: FAILED with the SMTP reason, on the user's timeline. An
 * e-mail the server was handed whole and never confirmed: sent again once, then FAILED ({@link UnconfirmedSends});
 * each send is counted on the row just before the end of its data goes (the count written as a value, each outcome
 * after a send run again on a database blip as SENT is: {@link #recordAgainOnBlips}), so one cut by a stop or crash of this
 * instance while the server had not answered counts too, and a stop waits for those answers. The provisioning e-mail of an order cancelled, or whose factor was
 * deactivated, before it was sent: WITHDRAWN, never sent, with an {@code EmailWithdrawn}
 * ({@link Emails#withdrawnBecause}).
 */
@Component
public class MailWorker extends PolledWorker<Queued> {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);

    private final QueuedEmails queue;
    private final Contacts contacts;
    private final SmtpMailer mailer;
    private final EmailSentEvents events;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Timer duplicateWindow;
    private final MeterRegistry meters;
    private final Duration lease;
    private final Duration sendDeadline;
    /** Sends counted as handed over whose answer has not come yet, and whether the worker is stopping. */
    private final HandOvers handOvers = new HandOvers();

    MailWorker(QueuedEmails queue, Contacts contacts, SmtpMailer mailer, EmailSentEvents events,
            TransactionTemplate transactions, Clock clock, MailProperties properties, MeterRegistry meters) {
        super(new WorkRunner<>("mail", queue, properties.worker().concurrency(), properties.worker().lease(),
                transactions, clock, properties.worker().claimAhead()), properties.worker().pollInterval(),
                properties.worker().wakeOnNewWork());
        this.queue = queue;
        this.contacts = contacts;
        this.mailer = mailer;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        this.retry = properties.retry().policy();
        this.lease = properties.worker().lease();
        this.sendDeadline = properties.smtp().sendDeadline();
        // a crash (or a database outage longer than the lease) inside this window sends the e-mail a second time
        this.duplicateWindow = Timer.builder("extauth.mail.duplicate.window")
                .description("From the SMTP server accepting an e-mail to the commit of SENT and EmailSent")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** The window in which a crash sends an e-mail twice, as measured so far (for tests and the README). */
    Timer duplicateWindow() {
        return duplicateWindow;
    }

    @Override
    protected void work(Claim<Queued> work) {
        Queued queued = work.item();
        ExtauthEvent event;
        try {
            event = event(queued);
        } catch (UnreadableEmail e) {
            leaveForAnotherVersion(work, queued, e.getMessage());
            return;
        }
        // before the contact: a cancelled or deactivated order's e-mail is withdrawn whether or not its contact was
        // ever kept
        Optional<Emails.Withdrawal> withdrawal = Emails.withdrawnBecause(event, queued.orderUndone());
        if (withdrawal.isPresent()) {
            withdraw(work, queued, withdrawal.get());
            return;
        }
        if (queued.recipient() != null) {
            if (!(event instanceof FraudReported fraud)) {
                leaveForAnotherVersion(work, queued, "a " + queued.eventType() + " to a recipient of its own");
                return;
            }
            // the Message-ID it was queued with: keyed by this version, or a plain hash by an older one (a rolling
            // deploy)
            send(work, Emails.fraudReported(queued.recipient(), fraud, queued.messageId()));
            return;
        }
        // read with the claim; looked up again only when the claim found none (it may have come in since)
        Contact claimedWith = queued.contact();
        Optional<Contact> contact = claimedWith != null ? Optional.of(claimedWith)
                : Emails.orderOf(event).map(order -> contacts.ofOrder(order, queued.accountId(), queued.userId()))
                        .orElseGet(() -> contacts.latestOf(queued.accountId(), queued.userId()));
        if (contact.isEmpty()) {
            retryLater(work, "no contact yet: the user's AuthOrdered has not been read");
            return;
        }
        Email email;
        try {
            email = Emails.forEvent(contact.get(), event, queued.eventId());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // an event this version reads but writes no e-mail for (the row says it does: a later version's)
            leaveForAnotherVersion(work, queued, "no e-mail of this version for " + queued.eventType());
            return;
        }
        send(work, email);
    }

    private void send(Claim<Queued> work, Email email) {
        int handedOverBefore = work.item().unconfirmedSends();
        if (!UnconfirmedSends.sendAgain(handedOverBefore)) {
            // handed over that often without an answer: by instances that stopped or died while they waited for it
            countFailed(email, "UNCONFIRMED", "FAILED");
            failed(work, email, "the SMTP server was handed it whole " + handedOverBefore + " times without "
                    + "confirming it, or without its answer recorded (the sending instance stopped or died while it "
                    + "waited for the answer, or the database was away longer than a lease when it came): it may "
                    + "have been delivered, so it is not sent again", handedOverBefore);
            return;
        }
        HandOver handOver = new HandOver(work);
        try {
            mailer.send(email, handOver);
        } catch (UnconfirmedSendException e) {
            unconfirmed(work, email, e);
            return;
        } catch (MailException e) {
            String permanent = SmtpFailures.permanentReason(e);
            countFailed(email, SmtpFailures.kind(e), permanent == null ? "RETRIED" : "FAILED");
            // answered after all (refused), or its end never left: the count as the claim read it, whether this send
            // was counted or not (a count that committed while its answer was lost included)
            int unconfirmedSends = handedOverBefore;
            // both with every address masked, the clear one too, whatever its case (SmtpFailures keeps them so)
            if (permanent == null) {
                retryLater(work, SmtpFailures.transientReason(e), unconfirmedSends);
            } else {
                failed(work, email, permanent, unconfirmedSends);
            }
            return;
        } finally {
            handOver.answered();
        }
        long acceptedAt = System.nanoTime();
        Instant sentAt = clock.instant();
        EmailSent sent = new EmailSent(email.accountId(), email.userId(), email.orderId(),
                email.template().templateName(), email.toMasked(), email.messageId(), sentAt);
        if (recordSent(work, email, sentAt, sent, handedOverBefore)) {
            log.debug("Sent {} to user {} of account {} (attempt {})", email, email.userId(), email.accountId(),
                    work.attempt());
        }
        duplicateWindow.record(System.nanoTime() - acceptedAt, TimeUnit.NANOSECONDS);
    }

    /**
     * SENT and its EmailSent in one statement that commits by itself, only while the row carries the claim's token.
     * The e-mail is out: a database that gives way now (a lost connection, a terminated backend, a PostgreSQL or
     * PgBouncer restart) must not make it go again. So the lease is renewed while the outcome waits
     * ({@link WorkRunner#awaitRecording}) and the statement is run again on such failures for up to a lease
     * ({@link DatabaseRetry}): safe, as it changes only a row that still carries the token and takes the token away,
     * so a second run after a first that took effect (its answer lost) changes nothing. Before, one failure put the
     * e-mail off a minute (the runner's put-off) and it was sent again. Should the database stay away longer than
     * that, the failure goes to the runner as before (put off, or left to the lease).
     */
    private boolean recordSent(Claim<Queued> work, Email email, Instant sentAt, EmailSent sent,
            int unconfirmedSends) {
        // a retry that finds no token: the attempt whose answer was lost may have recorded it
        return recordAgainOnBlips(work, "recording e-mail " + work.key() + " as sent",
                () -> events.sent(queue.sent(work, email, sentAt, unconfirmedSends), sent),
                () -> queue.isSent(work.key()));
    }

    /**
     * Records an outcome of the claim, one statement that commits by itself and changes the row only while it carries
     * the claim's token, taking the token away, run again on a database that gives way for up to a lease
     * ({@link DatabaseRetry}), the lease renewed meanwhile ({@link WorkRunner#awaitRecording}), as SENT is
     * ({@link #recordSent}). Every outcome after a send is recorded so, as each stores the count of sends never answered
     * it leaves: before, only SENT was, and a blip on the statement of a {@code 451} or {@code 550} gave the failure to
     * the runner, whose put-off gave the lease back and left the send counted, so the e-mail was given up after one
     * more unanswered send instead of sent again once, or at its next claim without another send. Should the database
     * stay away longer than a lease, the failure goes to the runner (put off, or left to the lease), the count as the
     * send left it. {@code tookEffect}: after a retry that found no token, whether the attempt whose answer was lost
     * recorded it (for the runner's warning only).
     */
    private boolean recordAgainOnBlips(Claim<Queued> work, String what, Supplier<Boolean> statement,
            BooleanSupplier tookEffect) {
        runner.awaitRecording(work);
        DatabaseRetry.Outcome<Boolean> outcome;
        try {
            outcome = DatabaseRetry.run(what, lease, statement);
        } catch (RuntimeException e) {
            // ends the renewal and gives the failure to the runner, which puts the e-mail off
            return runner.recordAlone(work, claim -> {
                throw e;
            });
        }
        boolean recorded = outcome.value() || outcome.attempts() > 1 && tookEffect.getAsBoolean();
        return runner.recordAlone(work, claim -> recorded);
    }

    /**
     * Counts the send on the row just before its end of data goes ({@link QueuedEmails#handingOver}): from then on the
     * server may store it whatever becomes of this instance, so a stop or crash while the server has not answered yet
     * leaves it counted toward {@link UnconfirmedSends#MAX}. When the row cannot be counted (the database gave way, or
     * the lease went to another worker), the end of the data is not sent: the server stores nothing, and the e-mail is
     * tried again as after any failure to send.
     */
    private final class HandOver implements StableIdMimeMessage.EndOfData {

        private final Claim<Queued> work;
        private boolean counted;

        HandOver(Claim<Queued> work) {
            this.work = work;
        }

        @Override
        public void next() throws IOException {
            if (counted) {
                return;
            }
            handOvers.begin();
            boolean marked;
            try {
                marked = queue.handingOver(work);
            } catch (RuntimeException e) {
                handOvers.end();
                throw new IOException("the send could not be counted as handed over, so its end is not sent: "
                        + e.getClass().getSimpleName(), e);
            }
            if (!marked) {
                handOvers.end();
                throw new IOException("the e-mail's lease went to another worker: its end is not sent");
            }
            counted = true;
        }

        /** The send is over, answered or not. */
        void answered() {
            if (counted) {
                handOvers.end();
            }
        }
    }

    /**
     * A stop first waits for the sends whose end of data went and whose answer has not come, up to the send deadline
     * ({@code extauth.mail.smtp.send-deadline}, by which each ends anyway), its leases still renewed, so a stop does
     * not cut a slow content filter's {@code 250} off; then the runner's shutdown gives the work in flight a few
     * seconds more to record it. A stop that outlasts the orchestrator's grace period is cut by a kill all the same:
     * that send was counted already ({@link HandOver}).
     */
    @Override
    public void destroy() throws InterruptedException {
        runner.pause();
        if (!handOvers.awaitNone(sendDeadline)) {
            log.warn("Stopping with e-mails whose end was sent and whose answer has not come after {}: each counts "
                    + "toward the two sends of an e-mail never confirmed", sendDeadline);
        }
        super.destroy();
    }

    /** Sends counted as handed over whose answer has not come yet (for tests). */
    int awaitingAnswers() {
        return handOvers.count();
    }

    /** The sends past their end of data, on the worker threads, that a stop waits for. */
    private static final class HandOvers {

        private int awaiting;

        synchronized void begin() {
            awaiting++;
        }

        synchronized void end() {
            awaiting--;
            notifyAll();
        }

        synchronized int count() {
            return awaiting;
        }

        /** Whether none is left within {@code atMost}. */
        synchronized boolean awaitNone(Duration atMost) throws InterruptedException {
            long until = System.nanoTime() + atMost.toNanos();
            for (long left = atMost.toNanos(); awaiting > 0; left = until - System.nanoTime()) {
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    /**
     * The server was handed the whole e-mail and gave no answer within {@code mail.smtp.timeout} (5 minutes; RFC 5321
     * §4.5.3.2.6 has a client wait 10 for it), or lost the connection first: it may have taken it. Sent again once
     * ({@link UnconfirmedSends}), then FAILED with why: that it may have been delivered.
     */
    private void unconfirmed(Claim<Queued> work, Email email, UnconfirmedSendException e) {
        // counted on the row already when its end of data went (HandOver), stored again with the outcome all the same
        int sends = work.item().unconfirmedSends() + 1;
        String what = "the SMTP server was handed it whole and did not confirm it (" + SmtpFailures.transientReason(e)
                + ")";
        if (!UnconfirmedSends.sendAgain(sends)) {
            countFailed(email, "UNCONFIRMED", "FAILED");
            failed(work, email, what + ", " + sends + " times: it may have been delivered, so it is not sent again",
                    sends);
            return;
        }
        countFailed(email, "UNCONFIRMED", "RETRIED");
        Duration wait = retry.delayAfter(work.attempt());
        Instant due = clock.instant().plus(wait);
        String error = what + ": it may have been delivered; sent again once, under the same Message-ID";
        recordAgainOnBlips(work, "recording e-mail " + work.key() + " as unconfirmed",
                () -> queue.retryLater(work, due, error, sends), () -> true);
        log.warn("E-mail {} not confirmed (attempt {}), sending it again in {}: {}", work.key(), work.attempt(), wait,
                error);
    }

    /**
     * Failed sends next to the sent ones ({@code extauth_events_published_total{type="EmailSent"}}): per template,
     * kind of failure and whether the e-mail is tried again ({@code RETRIED}) or given up ({@code FAILED}).
     */
    private void countFailed(Email email, String reason, String outcome) {
        countFailed(email.template().templateName(), reason, outcome);
    }

    private void countFailed(String template, String reason, String outcome) {
        Counter.builder("extauth.emails.failed")
                .description("E-mails SMTP did not take, by template, reason and whether they are tried again")
                .tag("template", template)
                .tag("reason", reason)
                .tag("outcome", outcome)
                .register(meters).increment();
    }

    /** {@code unconfirmedSends}: the count of sends never answered it leaves. */
    private void failed(Claim<Queued> work, Email email, String reason, int unconfirmedSends) {
        Instant now = clock.instant();
        recordAgainOnBlips(work, "recording e-mail " + work.key() + " as failed",
                () -> queue.markFailed(work, email.toMasked(), reason, now, unconfirmedSends), () -> true);
        log.warn("E-mail {} to user {} of account {} cannot be sent: {}", email, email.userId(), email.accountId(),
                reason);
    }

    /**
     * Not sent, for good: WITHDRAWN with the reason on the user's timeline and an {@code EmailWithdrawn} instead of an
     * {@code EmailSent}, in one statement (counted, as every event, by the outbox once it commits:
     * {@code extauth_events_published_total{type="EmailWithdrawn",reason=<template>}}). A claim whose lease ran out
     * records nothing, and another instance decides.
     */
    private void withdraw(Claim<Queued> work, Queued queued, Emails.Withdrawal withdrawal) {
        Instant now = clock.instant();
        EmailWithdrawn withdrawn = new EmailWithdrawn(queued.accountId(), queued.userId(), withdrawal.orderId(),
                queued.templateName(), queued.messageId(), withdrawal.reason(), now);
        if (runner.recordAlone(work, claim -> events.withdrawn(queue.withdrawn(claim, withdrawal.reason(), now),
                withdrawn))) {
            log.info("E-mail {} to user {} of account {} withdrawn: {}", work.key(), queued.userId(),
                    queued.accountId(), withdrawal.reason());
        }
    }

    /** After an attempt that sent nothing: the count of sends never answered stays as it is. */
    private void retryLater(Claim<Queued> work, String error) {
        Duration wait = retry.delayAfter(work.attempt());
        Instant due = clock.instant().plus(wait);
        runner.recordAlone(work, claim -> queue.retryLater(claim, due, error));
        log.warn("E-mail {} not sent (attempt {}), trying again in {}: {}", work.key(), work.attempt(), wait, error);
    }

    /** After a send the server answered (refused) or whose end never left: {@code unconfirmedSends} it leaves. */
    private void retryLater(Claim<Queued> work, String error, int unconfirmedSends) {
        Duration wait = retry.delayAfter(work.attempt());
        Instant due = clock.instant().plus(wait);
        recordAgainOnBlips(work, "recording e-mail " + work.key() + " as due again",
                () -> queue.retryLater(work, due, error, unconfirmedSends), () -> true);
        log.warn("E-mail {} not sent (attempt {}), trying again in {}: {}", work.key(), work.attempt(), wait, error);
    }

    /**
     * A row this version cannot read: written by a later version during a rolling deploy (a template, an event type or
     * event data it does not know), or damaged. It is not FAILED, as an instance of the version that wrote it can send
     * it: it is left for later by the back-off, with the reason on the user's timeline ({@code lastError}), counted
     * ({@code extauth_emails_failed_total{reason="UNREADABLE",outcome="RETRIED"}}, alert
     * {@code ExtauthMailUnreadable}), and out of the way of every other e-mail. Before, it threw: the claim that read
     * an unknown template failed whole, and the e-mails it had leased with it came back with it, lease after lease;
     * and unreadable data was tried again after each lease, forever, with an error in the log.
     */
    private void leaveForAnotherVersion(Claim<Queued> work, Queued queued, String reason) {
        countFailed(queued.template() == null ? "unknown" : queued.template().templateName(), "UNREADABLE",
                "RETRIED");
        retryLater(work, "this version cannot read the e-mail (" + reason + "): left for an instance that can");
    }

    private static ExtauthEvent event(Queued queued) {
        if (queued.unreadable() != null) {
            throw new UnreadableEmail(queued.unreadable());
        }
        Class<? extends ExtauthEvent> type = EventTypes.classOf(queued.eventType()).orElseThrow(
                () -> new UnreadableEmail("unknown event type " + queued.eventType()));
        try {
            // straight into the record where that reads it as Jackson's readValue would (issue 14: Jackson's data
            // binding was a quarter of this worker's samples), else by readValue, which throws what it always threw
            return EventJson.read(queued.eventData(), type);
        } catch (JacksonException e) {
            // the class only: the parser's message may quote the data, and the reason goes to the timeline
            throw new UnreadableEmail("event data it cannot read as " + queued.eventType() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Why this version cannot read a queued e-mail; never with the row's data in the message. */
    private static final class UnreadableEmail extends RuntimeException {

        UnreadableEmail(String reason) {
            super(reason, null, false, false);
        }
    }
}

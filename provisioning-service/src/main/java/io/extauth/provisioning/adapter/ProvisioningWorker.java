package io.extauth.provisioning.adapter;

import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.PolledWorker;
import io.extauth.messaging.work.RetryPolicy;
import io.extauth.messaging.work.WorkRunner;
import io.extauth.provisioning.Attempt;
import io.extauth.provisioning.CredentialBoundElsewhere;
import io.extauth.provisioning.Provisioning;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.ProvisioningStatus;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorGateway;
import io.extauth.provisioning.VendorOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the vendor work the listeners recorded, on the messaging kit's {@link WorkRunner}: every poll claims as many
 * due rows as it has free slots (SKIP LOCKED, with a lease), calls the vendors outside any transaction, then records
 * each outcome and its event in one short transaction. Transient failures come back after an exponential, jittered,
 * capped wait, with no limit on attempts. Any number of instances may run: a row is claimed by one at a time.
 */
@Component
public class ProvisioningWorker extends PolledWorker<ProvisioningRecord> {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningWorker.class);

    private final ProvisioningRecords provisionings;
    private final VendorGateways vendors;
    private final ProvisioningEvents events;
    private final Clock clock;
    private final RetryPolicy retry;
    private final CredentialBoundElsewhere boundElsewhere;

    ProvisioningWorker(ProvisioningRecords provisionings, VendorGateways vendors, ProvisioningEvents events,
            TransactionTemplate transactions, Clock clock, ProvisioningProperties properties) {
        super(new WorkRunner<>("provisioning", provisionings, properties.worker().concurrency(),
                properties.worker().lease(), transactions, clock, properties.worker().claimAhead()),
                properties.worker().pollInterval(), properties.worker().wakeOnNewWork());
        this.provisionings = provisionings;
        this.vendors = vendors;
        this.events = events;
        this.clock = clock;
        this.retry = properties.retry().policy();
        this.boundElsewhere = new CredentialBoundElsewhere(properties.credentialBoundWait());
    }

    @Override
    protected void work(Claim<ProvisioningRecord> work) {
        ProvisioningRecord row = work.item();
        if (row.status() == ProvisioningStatus.PENDING) {
            provision(work);
        } else if (row.status() == ProvisioningStatus.DEPROVISIONING) {
            deprovision(work);
        } else {
            runner.record(work, current -> provisionings.release(row.orderId(), null, clock.instant()));
        }
    }

    private void provision(Claim<ProvisioningRecord> work) {
        ProvisioningRecord row = work.item();
        ProvisioningRecords.Removal removing = provisionings.removalOfTheCredential(row).orElse(null);
        if (removing != null) {
            // the same user's removal would unbind what this order binds, and VIP refuses for good to bind a credential
            // another user still holds: bound once the removal is done (see deprovision). Another user's order is not
            // named: lastError is shown to portal callers
            Instant now = clock.instant();
            Duration wait = retry.delayAfter(row.attempts());
            String error = removing.sameUser()
                    ? "waiting for the removal of order " + removing.orderId() + " of the same credential at VIP"
                    : "waiting for another user's removal of the same credential at VIP";
            if (runner.recordAlone(work, claim -> provisionings.retryLaterClaimed(claim, now.plus(wait), error, now),
                    current -> {
                        if (current.status() == ProvisioningStatus.PENDING) {
                            retryLater(current, current.attempts(), error, null, now);
                        } else {
                            provisionings.release(row.orderId(), null, now); // cancelled or deactivated meanwhile
                        }
                    })) {
                logRetry(row, row.attempts(), wait, error);
            }
            return;
        }
        VendorOrder order = Provisioning.vendorOrder(row);
        log.debug("Provisioning order {} ({}) of user {} at the vendor, attempt {}", order.orderId(), order.type(),
                order.userId(), row.attempts());
        Attempt answer = Attempt.of(() -> vendors.of(order.type()).provision(order));
        Instant now = clock.instant();
        // VIP refuses a credential another user holds: it may be the former user's still, whose Deactivated, read on
        // another topic, has not begun its removal here yet; then it waits, for a while, as for the removal above
        Attempt attempt = boundElsewhere.counted(row, answer, now);
        // decided on the row as claimed, recorded in one statement while it is still so (PENDING, this attempt, this
        // lease), the answer's event with it and no transaction; else decided again on the row locked as it is now
        if (attempt instanceof Attempt.Answered answered) {
            Provisioning.Outcome outcome = Provisioning.outcome(order, answered.answer(), row.attempts(), now);
            Change settled = provisionings.settledClaimed(work, outcome.status(), outcome.vendorRef(),
                    outcome.failureReason(), now);
            if (runner.recordAlone(work, claim -> announce(settled, outcome),
                    current -> recordProvision(order, attempt, current))) {
                logRefusal(order, outcome);
            }
        } else {
            String error = ((Attempt.Unavailable) attempt).reason();
            Duration wait = retry.delayAfter(row.attempts());
            if (runner.recordAlone(work, claim -> provisionings.retryLaterClaimed(claim, now.plus(wait), error, now),
                    current -> recordProvision(order, attempt, current))) {
                logRetry(row, row.attempts(), wait, error);
            }
        }
    }

    /** The outcome of a provisioning attempt on the row locked as it is now. */
    private void recordProvision(VendorOrder order, Attempt attempt, ProvisioningRecord current) {
        Instant now = clock.instant();
        if (current.status() != ProvisioningStatus.PENDING) {
            // cancelled or deactivated while the vendor was asked: keep what it said for the removal
            provisionings.release(order.orderId(), acceptedRef(attempt), now);
            return;
        }
        if (attempt instanceof Attempt.Answered answered) {
            Provisioning.Outcome outcome = Provisioning.outcome(order, answered.answer(), current.attempts(), now);
            provisionings.settle(order.orderId(), outcome.status(), outcome.vendorRef(), outcome.failureReason(), now);
            announce(order, outcome);
        } else {
            retryLater(current, current.attempts(), ((Attempt.Unavailable) attempt).reason(), null, now);
        }
    }

    private void announce(VendorOrder order, Provisioning.Outcome outcome) {
        logRefusal(order, outcome);
        if (outcome.event() instanceof Provisioned provisioned) {
            events.provisioned(provisioned);
        } else {
            events.failed((ProvisioningFailed) outcome.event());
        }
    }

    /** The outcome's event, stored with the change that settles the row, if it did; says whether. */
    private boolean announce(Change settled, Provisioning.Outcome outcome) {
        return outcome.event() instanceof Provisioned provisioned ? events.provisioned(settled, provisioned)
                : events.failed(settled, (ProvisioningFailed) outcome.event());
    }

    private static void logRefusal(VendorOrder order, Provisioning.Outcome outcome) {
        if (!(outcome.event() instanceof Provisioned)) {
            log.warn("Vendor refused order {} of user {}: {}", order.orderId(), order.userId(),
                    outcome.failureReason());
        }
    }

    /**
     * Removes the order at its vendor. Without a vendorRef the vendor may still have it (a timed-out call, or one
     * answered after a cancellation): asking again with the same idempotency key returns what it holds, if anything.
     */
    private void deprovision(Claim<ProvisioningRecord> work) {
        ProvisioningRecord row = work.item();
        VendorGateway gateway = vendors.of(row.type());
        log.debug("Removing order {} ({}) of user {} at the vendor, attempt {}", row.orderId(), row.type(),
                row.userId(), row.deprovisionAttempts());
        String learnedRef = null;
        Attempt attempt;
        String relying = provisionings.sameCredentialOrder(row, ProvisioningStatus.PENDING,
                ProvisioningStatus.PROVISIONED).orElse(null);
        if (relying != null) {
            // VIP binds a credential once: the user's later order of the same credential (read here before this
            // order's end, on another topic) holds the same binding, and removing it would leave that order active
            // with nothing bound at VIP. Together with provision's wait for a removal under way, whichever of the two
            // checks runs second sees the other's row. The later order inherits the binding: its own end removes it,
            // even if it is dropped before it was ever tried (ProvisioningRecords.inheritsBinding)
            String reason = ProvisioningRecords.leftBoundFor(relying);
            Instant now = clock.instant();
            boolean settled = runner.recordAlone(work, claim -> provisionings.settleRemovalClaimed(claim,
                    Provisioning.undone(row.undoCause()), null, reason, now),
                    current -> {
                        if (current.status() == ProvisioningStatus.DEPROVISIONING) {
                            provisionings.settle(row.orderId(), Provisioning.undone(current.undoCause()), null, reason,
                                    now);
                        } else {
                            provisionings.release(row.orderId(), null, now);
                        }
                    });
            if (settled) {
                log.info("Order {} of user {} is taken back without unbinding its credential at VIP: order {} of the "
                        + "same credential relies on it", row.orderId(), row.userId(), relying);
            }
            return;
        }
        if (row.vendorRef() == null) {
            Attempt lookup = Attempt.of(() -> gateway.provision(Provisioning.vendorOrder(row)));
            learnedRef = acceptedRef(lookup);
            if (learnedRef != null) {
                ProvisioningRecord known = row.withVendorRef(learnedRef);
                attempt = Attempt.of(() -> gateway.deprovision(known));
            } else if (lookup instanceof Attempt.Answered) {
                // refused with the same key: the vendor never had it, nothing to remove
                attempt = new Attempt.Answered(new VendorAnswer.Accepted("none"));
            } else {
                attempt = lookup;
            }
        } else {
            attempt = Attempt.of(() -> gateway.deprovision(row));
        }
        String vendorRef = learnedRef;
        Instant now = clock.instant();
        // decided on the row as claimed, recorded in one statement while it is still so (DEPROVISIONING, this removal
        // attempt, the same cause, this lease); else decided again on the row locked as it is now
        if (attempt instanceof Attempt.Answered answered) {
            String reason = answered.answer() instanceof VendorAnswer.Refused refused ? refused.reason() : null;
            ProvisioningStatus status = Provisioning.afterDeprovisioning(answered.answer(), row.undoCause());
            if (runner.recordAlone(work, claim -> provisionings.settleRemovalClaimed(claim, status, vendorRef, reason,
                    now), current -> recordRemoval(row, attempt, vendorRef, current))) {
                logRemoval(row, status, reason);
            }
        } else {
            String error = ((Attempt.Unavailable) attempt).reason();
            Duration wait = retry.delayAfter(row.deprovisionAttempts());
            if (runner.recordAlone(work,
                    claim -> provisionings.retryRemovalLaterClaimed(claim, now.plus(wait), error, vendorRef, now),
                    current -> recordRemoval(row, attempt, vendorRef, current))) {
                logRetry(row, row.deprovisionAttempts(), wait, error);
            }
        }
    }

    /** The outcome of a removal attempt on the row locked as it is now. */
    private void recordRemoval(ProvisioningRecord row, Attempt attempt, @Nullable String vendorRef,
            ProvisioningRecord current) {
        Instant now = clock.instant();
        if (current.status() != ProvisioningStatus.DEPROVISIONING) {
            provisionings.release(row.orderId(), vendorRef, now);
        } else if (attempt instanceof Attempt.Answered answered) {
            String reason = answered.answer() instanceof VendorAnswer.Refused refused ? refused.reason() : null;
            ProvisioningStatus status = Provisioning.afterDeprovisioning(answered.answer(), current.undoCause());
            provisionings.settle(row.orderId(), status, vendorRef, reason, now);
            logRemoval(row, status, reason);
        } else {
            retryLater(current, current.deprovisionAttempts(), ((Attempt.Unavailable) attempt).reason(), vendorRef,
                    now);
        }
    }

    private static void logRemoval(ProvisioningRecord row, ProvisioningStatus status, @Nullable String reason) {
        log.info("Order {} of user {} at the vendor: {}", row.orderId(), row.userId(),
                reason == null ? status : "removal refused, " + reason);
    }

    private void retryLater(ProvisioningRecord current, int failedAttempts, String error, @Nullable String vendorRef,
            Instant now) {
        Duration wait = retry.delayAfter(failedAttempts);
        provisionings.retryLater(current.orderId(), now.plus(wait), error, vendorRef, now);
        logRetry(current, failedAttempts, wait, error);
    }

    private static void logRetry(ProvisioningRecord row, int failedAttempts, Duration wait, String error) {
        log.warn("Vendor unavailable for order {} of user {} (attempt {}), trying again in {}: {}", row.orderId(),
                row.userId(), failedAttempts, wait, error);
    }

    private static @Nullable String acceptedRef(Attempt attempt) {
        return attempt instanceof Attempt.Answered answered
                && answered.answer() instanceof VendorAnswer.Accepted accepted ? accepted.vendorRef() : null;
    }
}

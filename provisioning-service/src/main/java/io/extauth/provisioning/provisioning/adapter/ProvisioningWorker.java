package io.extauth.provisioning.provisioning.adapter;

import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.provisioning.provisioning.Attempt;
import io.extauth.provisioning.provisioning.Provisioning;
import io.extauth.provisioning.provisioning.ProvisioningRecord;
import io.extauth.provisioning.provisioning.ProvisioningStatus;
import io.extauth.provisioning.provisioning.RetryPolicy;
import io.extauth.provisioning.provisioning.VendorAnswer;
import io.extauth.provisioning.provisioning.VendorGateway;
import io.extauth.provisioning.provisioning.VendorOrder;
import io.extauth.provisioning.provisioning.adapter.ProvisioningRepository.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the vendor work the listeners recorded. Every poll claims as many due rows as it has free slots (SKIP LOCKED,
 * with a lease), calls the vendors outside any transaction, then records each outcome and its event in one short
 * transaction. Transient failures come back after an exponential, jittered, capped wait, with no limit on attempts.
 * Any number of instances may run: a row is claimed by one at a time.
 */
@Component
public class ProvisioningWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningWorker.class);

    private final ProvisioningRepository provisionings;
    private final VendorGateways vendors;
    private final ProvisioningEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RetryPolicy retry;
    private final ProvisioningProperties.Worker settings;
    private final ExecutorService calls;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger claimed = new AtomicInteger();

    ProvisioningWorker(ProvisioningRepository provisionings, VendorGateways vendors, ProvisioningEvents events,
            TransactionTemplate transactions, Clock clock, ProvisioningProperties properties) {
        this.provisionings = provisionings;
        this.vendors = vendors;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.retry = properties.retry().policy();
        this.settings = properties.worker();
        CustomizableThreadFactory threads = new CustomizableThreadFactory("provisioning-worker-");
        threads.setDaemon(true);
        this.calls = Executors.newFixedThreadPool(settings.concurrency(), threads);
    }

    /** Claims due work for the free slots and hands it to the vendor-call threads; never waits for a vendor. */
    @Scheduled(fixedDelayString = "${extauth.provisioning.worker.poll-interval:200ms}")
    public void poll() {
        int free = settings.concurrency() - inFlight.get();
        if (free <= 0) {
            return;
        }
        List<Claimed> due = provisionings.claimDue(clock.instant(), free, settings.lease());
        claimed.addAndGet(due.size());
        for (Claimed work : due) {
            inFlight.incrementAndGet();
            try {
                calls.execute(() -> {
                    try {
                        work(work);
                    } catch (RuntimeException e) {
                        // the lease runs out and another poll tries again
                        log.error("Provisioning work on order {} failed: {}", work.record().orderId(), e.toString());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** How many rows this instance has claimed so far (for tests and metrics). */
    public int claimedSoFar() {
        return claimed.get();
    }

    private void work(Claimed work) {
        ProvisioningRecord row = work.record();
        if (row.status() == ProvisioningStatus.PENDING) {
            provision(work);
        } else if (row.status() == ProvisioningStatus.DEPROVISIONING) {
            deprovision(work);
        } else {
            inTransaction(work, current -> provisionings.release(row.orderId(), null, clock.instant()));
        }
    }

    private void provision(Claimed work) {
        ProvisioningRecord row = work.record();
        VendorOrder order = Provisioning.vendorOrder(row);
        log.info("Provisioning order {} ({}) of user {} at the vendor, attempt {}", order.orderId(), order.type(),
                order.userId(), row.attempts());
        Attempt attempt = Attempt.of(() -> vendors.of(order.type()).provision(order));
        inTransaction(work, current -> {
            Instant now = clock.instant();
            if (current.status() != ProvisioningStatus.PENDING) {
                // cancelled or deactivated while the vendor was asked: keep what it said for the removal
                provisionings.release(order.orderId(), acceptedRef(attempt), now);
                return;
            }
            if (attempt instanceof Attempt.Answered answered) {
                Provisioning.Outcome outcome = Provisioning.outcome(order, answered.answer(), current.attempts(), now);
                provisionings.settle(order.orderId(), outcome.status(), outcome.vendorRef(), outcome.failureReason(),
                        now);
                if (outcome.event() instanceof Provisioned provisioned) {
                    events.provisioned(provisioned);
                } else {
                    log.warn("Vendor refused order {} of user {}: {}", order.orderId(), order.userId(),
                            outcome.failureReason());
                    events.failed((ProvisioningFailed) outcome.event());
                }
            } else {
                retryLater(current, current.attempts(), ((Attempt.Unavailable) attempt).reason(), null, now);
            }
        });
    }

    /**
     * Removes the order at its vendor. Without a vendorRef the vendor may still have it (a timed-out call, or one
     * answered after a cancellation): asking again with the same idempotency key returns what it holds, if anything.
     */
    private void deprovision(Claimed work) {
        ProvisioningRecord row = work.record();
        VendorGateway gateway = vendors.of(row.type());
        log.info("Removing order {} ({}) of user {} at the vendor, attempt {}", row.orderId(), row.type(),
                row.userId(), row.deprovisionAttempts());
        String learnedRef = null;
        Attempt attempt;
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
        inTransaction(work, current -> {
            Instant now = clock.instant();
            if (current.status() != ProvisioningStatus.DEPROVISIONING) {
                provisionings.release(row.orderId(), vendorRef, now);
            } else if (attempt instanceof Attempt.Answered answered) {
                String reason = answered.answer() instanceof VendorAnswer.Refused refused ? refused.reason() : null;
                ProvisioningStatus status = Provisioning.afterDeprovisioning(answered.answer(), current.undoCause());
                provisionings.settle(row.orderId(), status, vendorRef, reason, now);
                log.info("Order {} of user {} at the vendor: {}", row.orderId(), row.userId(),
                        reason == null ? status : "removal refused, " + reason);
            } else {
                retryLater(current, current.deprovisionAttempts(), ((Attempt.Unavailable) attempt).reason(),
                        vendorRef, now);
            }
        });
    }

    private void retryLater(ProvisioningRecord current, int failedAttempts, String error, @Nullable String vendorRef,
            Instant now) {
        Duration wait = retry.delayAfter(failedAttempts, ThreadLocalRandom.current().nextDouble());
        provisionings.retryLater(current.orderId(), now.plus(wait), error, vendorRef, now);
        log.warn("Vendor unavailable for order {} of user {} (attempt {}), trying again in {}: {}",
                current.orderId(), current.userId(), failedAttempts, wait, error);
    }

    private void inTransaction(Claimed work, Consumer<ProvisioningRecord> outcome) {
        transactions.executeWithoutResult(status -> provisionings.lockClaimed(work).ifPresentOrElse(outcome,
                () -> log.warn("Lease on order {} ran out before its outcome was recorded; another attempt follows",
                        work.record().orderId())));
    }

    private static @Nullable String acceptedRef(Attempt attempt) {
        return attempt instanceof Attempt.Answered answered
                && answered.answer() instanceof VendorAnswer.Accepted accepted ? accepted.vendorRef() : null;
    }

    @Override
    public void destroy() throws InterruptedException {
        calls.shutdown();
        calls.awaitTermination(5, TimeUnit.SECONDS);
    }
}

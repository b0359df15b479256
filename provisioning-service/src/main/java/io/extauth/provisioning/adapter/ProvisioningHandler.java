package io.extauth.provisioning.adapter;

import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.provisioning.Provisioning;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.UndoCause;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the work an event calls for, inside the messaging kit's inbox transaction, and returns at once: the vendor
 * is called by the {@link ProvisioningWorker}, so one slow or failing vendor call never holds up the partition. The
 * worker is told of the work, and claims it once the transaction commits instead of at its next poll.
 */
@Component
class ProvisioningHandler {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);

    private final ProvisioningRecords provisionings;
    private final ProvisioningWorker worker;
    private final Clock clock;

    ProvisioningHandler(ProvisioningRecords provisionings, ProvisioningWorker worker, Clock clock) {
        this.provisionings = provisionings;
        this.worker = worker;
        this.clock = clock;
    }

    void ordered(AuthOrdered ordered) {
        Provisioning.problemWith(ordered).ifPresent(problem -> {
            throw new InvalidEventException(problem);
        });
        String credentialId = Provisioning.vendorOrder(ordered).credentialId();
        switch (provisionings.accept(ordered, credentialId, clock.instant())) {
            case QUEUED -> {
                worker.workAdded();
                log.debug("Order {} ({}) of user {} is queued for its vendor", ordered.orderId(), ordered.type(),
                        ordered.userId());
            }
            case KNOWN -> log.debug("Order {} of user {} is known already; nothing to do", ordered.orderId(),
                    ordered.userId());
            // its Deactivated, on another topic, was read first: an admin ended the order before it was read here
            case DEACTIVATED_BEFORE -> log.info("Order {} of user {} will not be provisioned: DEACTIVATED before it "
                    + "was read", ordered.orderId(), ordered.userId());
            // its OrderCancelled was read first: the order was dead-lettered and is replayed after its cancellation
            case CANCELLED_BEFORE -> log.info("Order {} of user {} will not be provisioned: CANCELLED before it was "
                    + "read", ordered.orderId(), ordered.userId());
        }
    }

    /** The order the event names, read or not (a row is left for it when not: it is never tried). */
    void cancelled(OrderCancelled cancelled) {
        provisionings.cancelledBeforeRead(cancelled.orderId(), cancelled.accountId(), cancelled.userId(),
                cancelled.at(), clock.instant());
        provisionings.findForUpdate(cancelled.orderId()).ifPresent(record -> {
            if (ownedBy(record, cancelled.accountId(), cancelled.userId())) {
                takeBack(record, UndoCause.CANCELLED);
            } else {
                log.warn("OrderCancelled of user {} names order {} of another user; it stays {}",
                        cancelled.userId(), cancelled.orderId(), record.status());
            }
        });
    }

    /**
     * The order the event names, read or not (a row is left for it when not: it is never tried). An older event,
     * without {@code orderId}: the user's orders placed at or before it, as far as two services' clocks tell.
     */
    void deactivated(Deactivated deactivated) {
        String orderId = deactivated.orderId();
        if (orderId != null) {
            if (deactivated.type() != null) {
                provisionings.deactivatedBeforeRead(orderId, deactivated.accountId(), deactivated.userId(),
                        deactivated.type(), deactivated.at(), clock.instant());
            }
            provisionings.findForUpdate(orderId).ifPresent(record -> {
                if (ownedBy(record, deactivated.accountId(), deactivated.userId())) {
                    takeBack(record, UndoCause.DEACTIVATED);
                } else {
                    log.warn("Deactivated of user {} names order {} of another user; it stays {}",
                            deactivated.userId(), orderId, record.status());
                }
            });
            return;
        }
        for (ProvisioningRecord record : Provisioning.concernedBy(
                provisionings.ofUserForUpdate(deactivated.accountId(), deactivated.userId()), deactivated.at())) {
            takeBack(record, UndoCause.DEACTIVATED);
        }
    }

    /** An event that takes an order back names the order's own account and user, or it takes nothing back. */
    private static boolean ownedBy(ProvisioningRecord record, String accountId, String userId) {
        return record.accountId().equals(accountId) && record.userId().equals(userId);
    }

    private void takeBack(ProvisioningRecord record, UndoCause cause) {
        Provisioning.Undo undo = Provisioning.undo(record);
        if (undo == Provisioning.Undo.DROP && provisionings.inheritsBinding(record)) {
            // never tried, but an earlier order of its credential left the binding at VIP to it: remove it there
            undo = Provisioning.Undo.REMOVE_AT_VENDOR;
        }
        switch (undo) {
            case DROP -> {
                provisionings.drop(record.orderId(), cause, clock.instant());
                log.info("Order {} of user {} will not be provisioned: {}", record.orderId(), record.userId(), cause);
            }
            case REMOVE_AT_VENDOR -> {
                provisionings.removeAtVendor(record.orderId(), cause, clock.instant());
                worker.workAdded();
                log.info("Order {} of user {} is queued for removal at its vendor: {}", record.orderId(),
                        record.userId(), cause);
            }
            case NOTHING -> log.debug("Order {} of user {} is {}; {} changes nothing", record.orderId(),
                    record.userId(), record.status(), cause);
        }
    }
}

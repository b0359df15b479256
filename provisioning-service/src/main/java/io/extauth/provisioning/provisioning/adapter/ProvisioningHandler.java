package io.extauth.provisioning.provisioning.adapter;

import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.provisioning.provisioning.Provisioning;
import io.extauth.provisioning.provisioning.ProvisioningRecord;
import io.extauth.provisioning.provisioning.VendorAnswer;
import io.extauth.provisioning.provisioning.VendorOrder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the provisioning rules against the vendors, the table and the outbox. Called inside the messaging kit's inbox
 * transaction; a {@code VendorUnavailableException} rolls it back and the kit retries the record with back-off.
 */
@Component
class ProvisioningHandler {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);

    private final ProvisioningRepository provisionings;
    private final VendorGateways vendors;
    private final ProvisioningEvents events;
    private final Clock clock;

    ProvisioningHandler(ProvisioningRepository provisionings, VendorGateways vendors, ProvisioningEvents events,
            Clock clock) {
        this.provisionings = provisionings;
        this.vendors = vendors;
        this.events = events;
        this.clock = clock;
    }

    void provision(AuthOrdered ordered) {
        Provisioning.problemWith(ordered).ifPresent(problem -> {
            throw new InvalidEventException(problem);
        });
        if (!Provisioning.needsVendor(provisionings.find(ordered.orderId()))) {
            log.info("Order {} of user {} was provisioned before; nothing to do", ordered.orderId(), ordered.userId());
            return;
        }
        VendorOrder order = Provisioning.vendorOrder(ordered);
        int attempt = provisionings.countAttempt(order);
        log.info("Provisioning order {} ({}) of user {} at the vendor, attempt {}", order.orderId(), order.type(),
                order.userId(), attempt);
        VendorAnswer answer = vendors.of(order.type()).provision(order);
        Provisioning.Outcome outcome = Provisioning.outcome(order, answer, attempt, clock.instant());
        provisionings.settle(order.orderId(), outcome.status(), outcome.vendorRef(), outcome.failureReason());
        if (outcome.event() instanceof Provisioned provisioned) {
            events.provisioned(provisioned);
        } else {
            log.warn("Vendor refused order {} of user {}: {}", order.orderId(), order.userId(), outcome.failureReason());
            events.failed((ProvisioningFailed) outcome.event());
        }
    }

    void deprovision(Deactivated deactivated) {
        for (ProvisioningRecord provisioned : Provisioning.toDeprovision(
                provisionings.ofUser(deactivated.accountId(), deactivated.userId()))) {
            VendorAnswer answer = vendors.of(provisioned.type()).deprovision(provisioned);
            String reason = answer instanceof VendorAnswer.Refused refused ? refused.reason() : null;
            provisionings.settle(provisioned.orderId(), Provisioning.afterDeprovisioning(answer), null, reason);
            log.info("Deprovisioned order {} of user {} at the vendor: {}", provisioned.orderId(),
                    provisioned.userId(), reason == null ? "done" : "refused, " + reason);
        }
    }
}

package io.extauth.provisioning.provisioning;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The provisioning rules: which orders the vendor is asked about, and what each answer records and announces. */
public final class Provisioning {

    private Provisioning() {
    }

    /** Why an order cannot go to its vendor at all, or empty when it can. */
    public static Optional<String> problemWith(AuthOrdered order) {
        if (order.type() == AuthType.SYMANTEC_VIP && isBlank(order.credentialId())) {
            return Optional.of("AuthOrdered " + order.orderId() + " for SYMANTEC_VIP has no credentialId:"
                    + " VIP cannot register a credential it is not told");
        }
        return Optional.empty();
    }

    public static VendorOrder vendorOrder(AuthOrdered order) {
        return new VendorOrder(order.orderId(), order.accountId(), order.userId(), order.type(), order.email(),
                order.type() == AuthType.SYMANTEC_VIP ? order.credentialId() : null);
    }

    /** Whether the vendor needs to be asked: not when an earlier delivery of the order already got its answer. */
    public static boolean needsVendor(Optional<ProvisioningRecord> known) {
        return known.map(record -> !record.status().settled()).orElse(true);
    }

    /** What the vendor's answer, on the given attempt, records and announces. */
    public static Outcome outcome(VendorOrder order, VendorAnswer answer, int attempts, Instant now) {
        if (answer instanceof VendorAnswer.Accepted accepted) {
            return new Outcome(ProvisioningStatus.PROVISIONED, accepted.vendorRef(), null, new Provisioned(
                    order.accountId(), order.userId(), order.orderId(), order.type(), accepted.vendorRef(), now));
        }
        String reason = ((VendorAnswer.Refused) answer).reason();
        return new Outcome(ProvisioningStatus.FAILED, null, reason, new ProvisioningFailed(order.accountId(),
                order.userId(), order.orderId(), order.type(), reason, attempts));
    }

    /** What a deactivation removes at the vendors: everything of the user's that is still provisioned. */
    public static List<ProvisioningRecord> toDeprovision(List<ProvisioningRecord> ofUser) {
        return ofUser.stream().filter(record -> record.status() == ProvisioningStatus.PROVISIONED).toList();
    }

    /** The status a deprovisioning answer leaves behind. */
    public static ProvisioningStatus afterDeprovisioning(VendorAnswer answer) {
        return answer instanceof VendorAnswer.Accepted ? ProvisioningStatus.DEPROVISIONED
                : ProvisioningStatus.DEPROVISION_FAILED;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** The new status of an order, the vendor's reference or reason, and the event that tells the others. */
    public record Outcome(ProvisioningStatus status, @Nullable String vendorRef, @Nullable String failureReason,
            ExtauthEvent event) {
    }
}

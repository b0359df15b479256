package io.extauth.provisioning;

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

    /** The same order as {@link #vendorOrder(AuthOrdered)} made of it, rebuilt from what is kept of it. */
    public static VendorOrder vendorOrder(ProvisioningRecord record) {
        return new VendorOrder(record.orderId(), record.accountId(), record.userId(), record.type(),
                record.email() == null ? "" : record.email(),
                record.type() == AuthType.SYMANTEC_VIP ? record.credentialId() : null);
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

    /** Which of a user's orders a deactivation concerns: those ordered before it, not a new order that overtook it. */
    public static List<ProvisioningRecord> concernedBy(List<ProvisioningRecord> ofUser, Instant deactivatedAt) {
        return ofUser.stream().filter(record -> !record.orderedAt().isAfter(deactivatedAt)).toList();
    }

    /**
     * What taking an order back (cancellation, deactivation) does to it. An order never tried is simply not tried;
     * one tried before may exist at the vendor even without an answer (a call that timed out after the vendor did its
     * part, or one in flight right now), so it is removed there, which is harmless when nothing is there.
     */
    public static Undo undo(ProvisioningRecord record) {
        return switch (record.status()) {
            case PENDING -> record.attempts() == 0 ? Undo.DROP : Undo.REMOVE_AT_VENDOR;
            case PROVISIONED -> Undo.REMOVE_AT_VENDOR;
            default -> Undo.NOTHING;
        };
    }

    /** The status an order taken back ends in once nothing of it is left at the vendor. */
    public static ProvisioningStatus undone(@Nullable UndoCause cause) {
        return cause == UndoCause.CANCELLED ? ProvisioningStatus.CANCELLED : ProvisioningStatus.DEPROVISIONED;
    }

    /** The status a deprovisioning answer leaves behind. */
    public static ProvisioningStatus afterDeprovisioning(VendorAnswer answer, @Nullable UndoCause cause) {
        return answer instanceof VendorAnswer.Accepted ? undone(cause) : ProvisioningStatus.DEPROVISION_FAILED;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** The new status of an order, the vendor's reference or reason, and the event that tells the others. */
    public record Outcome(ProvisioningStatus status, @Nullable String vendorRef, @Nullable String failureReason,
            ExtauthEvent event) {
    }

    /** What taking an order back means for it. */
    public enum Undo {
        /** Never tried at the vendor: drop it ({@link ProvisioningStatus#CANCELLED}). */
        DROP,
        /** The vendor has it or may have it: remove it there ({@link ProvisioningStatus#DEPROVISIONING}). */
        REMOVE_AT_VENDOR,
        /** Already failed, cancelled or removed. */
        NOTHING
    }
}

package io.extauth.provisioning;

import io.extauth.contract.AuthType;
import java.time.Duration;
import java.time.Instant;

/**
 * VIP binds a credential to one user at a time and refuses it to another ({@code 409 CREDENTIAL_BOUND_ELSEWHERE}).
 * A token handed from one user to another is ordered for the new user once order-service has read the former user's
 * {@code Deactivated}; this service reads that event on another topic, and may try the new order before it has, while
 * the credential is still the former user's. So such a refusal waits, retried with the back-off, while the order is
 * younger than {@code bound}, and counts as the vendor's refusal for good past it.
 */
public record CredentialBoundElsewhere(Duration bound) {

    /** VIP's problem code for a credential bound to another user. */
    public static final String CODE = "CREDENTIAL_BOUND_ELSEWHERE";

    /** The order's {@code lastError} while it waits; the former user is not named: portal callers read it. */
    public static final String WAITING = "waiting for the credential's former user to be removed at VIP";

    /** The attempt as it counts for the order: within the bound, another user's hold on its credential is a wait. */
    public Attempt counted(ProvisioningRecord order, Attempt attempt, Instant now) {
        boolean boundElsewhere = order.type() == AuthType.SYMANTEC_VIP && attempt instanceof Attempt.Answered answered
                && answered.answer() instanceof VendorAnswer.Refused refused && CODE.equals(refused.code());
        return boundElsewhere && now.isBefore(order.orderedAt().plus(bound)) ? new Attempt.Unavailable(WAITING)
                : attempt;
    }
}

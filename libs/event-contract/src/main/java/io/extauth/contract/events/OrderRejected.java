package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An order that failed validation, with every reason at once. */
public record OrderRejected(String accountId, String userId, @Nullable String orderId, List<Reason> reasons)
        implements ExtauthEvent {

    /** One problem with an order: which field, a stable code, and a message a person can act on. */
    public record Reason(String field, String code, String message) {
    }
}

package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.FactorChange;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An active user's PhoneFactor settings changed (method, PIN, phone, or status ACTIVE/INACTIVE); no secret travels.
 * {@code changes} says what changed (absent in events written before it was added); {@code phoneMasked} is the new
 * phone, masked, when a phone changed. {@code orderId}: the order the factor came from (absent in events written
 * before it was added), so that the notice goes to that order's contact.
 */
public record FactorSettingsChanged(String accountId, String userId, PhoneFactorMethod method, String changedBy,
        Instant at, @Nullable List<FactorChange> changes, @Nullable String phoneMasked, @Nullable String orderId)
        implements ExtauthEvent {

    public FactorSettingsChanged {
        changes = changes == null ? null : List.copyOf(changes);
    }

    /** A change without the detail (as events were before {@code changes} was added). */
    public FactorSettingsChanged(String accountId, String userId, PhoneFactorMethod method, String changedBy,
            Instant at) {
        this(accountId, userId, method, changedBy, at, null, null, null);
    }

    /** Without the order (as events were before {@code orderId} was added). */
    public FactorSettingsChanged(String accountId, String userId, PhoneFactorMethod method, String changedBy,
            Instant at, @Nullable List<FactorChange> changes, @Nullable String phoneMasked) {
        this(accountId, userId, method, changedBy, at, changes, phoneMasked, null);
    }
}

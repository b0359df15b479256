package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;

/** An active user's PhoneFactor settings changed (method, PIN, phone, or status ACTIVE/INACTIVE); no secret travels. */
public record FactorSettingsChanged(String accountId, String userId, PhoneFactorMethod method, String changedBy,
        Instant at) implements ExtauthEvent {
}

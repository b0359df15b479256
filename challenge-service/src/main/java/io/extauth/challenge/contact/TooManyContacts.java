package io.extauth.challenge.contact;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;

/** A call, text, push or verification call refused by the contact limits: nothing was sent. */
public class TooManyContacts extends Refusal {

    public TooManyContacts(String detail, Map<String, ?> facts, long retryAfterSeconds) {
        super(Kind.TOO_MANY, "too-many-contacts", detail, facts, retryAfterSeconds);
    }
}

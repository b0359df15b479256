package io.extauth.challenge.refusal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request the service refuses, said in the domain's words: what kind of refusal, a stable code, a detail that names
 * what to do, and the facts the caller needs (until when, how many attempts remain). Plain Java, thrown by the
 * features; the web edge alone maps the {@link Kind} to a status and renders the problem (its type ends in the code,
 * the facts become its properties).
 */
public abstract class Refusal extends RuntimeException {

    /** What kind of refusal it is; the web edge gives each one status. */
    public enum Kind {
        /** There is no such thing for this account user. */
        NOT_FOUND,
        /** The thing is not in a state that allows this. */
        CONFLICT,
        /** The input was judged and found wrong. */
        WRONG_INPUT,
        /** The user must first prove they hold the factor. */
        PROOF_REQUIRED,
        /** Locked for a while or until an admin acts. */
        LOCKED,
        /** Too many contacts for now; try again after {@link #retryAfterSeconds()}. */
        TOO_MANY,
        /** A vendor gave no answer; nothing changed, try again after {@link #retryAfterSeconds()}. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> facts;
    private final @Nullable Long retryAfterSeconds;

    protected Refusal(Kind kind, String code, String detail, Map<String, ?> facts, @Nullable Long retryAfterSeconds) {
        super(detail);
        this.kind = kind;
        this.code = code;
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** What the caller needs besides the detail, in the order it reads best. */
    public Map<String, Object> facts() {
        return facts;
    }

    /** Seconds to wait before trying again, when the refusal says so. */
    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

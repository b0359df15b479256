package io.extauth.console.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A service's refusal: its status and RFC 9457 problem, with every input problem by field so a form can show each
 * next to its input.
 */
public class ApiProblem extends RuntimeException {

    private static final String TYPE_PREFIX = "https://extauth.io/problems/";

    private final int status;
    private final @Nullable String type;
    private final @Nullable String detail;
    private final List<Api.FieldProblem> errors;
    private final @Nullable Instant lockedUntil;
    private final @Nullable Long retryAfterSeconds;

    public ApiProblem(int status, @Nullable String type, @Nullable String title, @Nullable String detail,
            List<Api.FieldProblem> errors, @Nullable Instant lockedUntil, @Nullable Long retryAfterSeconds) {
        super(status + " " + (type == null ? "" : type) + ": " + (detail == null ? title : detail));
        this.status = status;
        this.type = type;
        this.detail = detail == null ? title : detail;
        this.errors = List.copyOf(errors);
        this.lockedUntil = lockedUntil;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Returns normally when the problem is the user's to fix on the page that asked (a refused input, a conflict, a
     * lock); throws it on: a lost session (401) signs in again, a failing service (5xx) is the error page.
     */
    public void rethrowUnlessTheUsersToFix() {
        if (status == 401 || status >= 500) {
            throw this;
        }
    }

    public int status() {
        return status;
    }

    /** The problem's code: its {@code type} without extauth's prefix ({@code not-provisioned}, {@code locked}, …). */
    public String code() {
        if (type == null) {
            return "";
        }
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    /** What the service said, for a person. */
    public String detail() {
        return detail == null ? "The service answered " + status + "." : detail;
    }

    public List<Api.FieldProblem> errors() {
        return errors;
    }

    /** The messages by field, each field's messages joined; problems without a field under "". */
    public Map<String, String> messagesByField() {
        Map<String, String> byField = new LinkedHashMap<>();
        for (Api.FieldProblem error : errors) {
            String field = error.field() == null ? "" : error.field();
            String message = error.message() == null ? String.valueOf(error.code()) : error.message();
            byField.merge(field, message, (first, next) -> first + " " + next);
        }
        return byField;
    }

    public @Nullable Instant lockedUntil() {
        return lockedUntil;
    }

    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.extauth.service.security;

import org.jspecify.annotations.Nullable;

/** A request body that names the account it acts on, for {@link Callers#accountInBody()}. */
public interface NamesAccount {

    /** The account the request acts on, as the caller sent it (may be missing: the handler's validation refuses). */
    @Nullable String accountId();
}

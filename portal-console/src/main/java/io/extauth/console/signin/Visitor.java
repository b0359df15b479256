package io.extauth.console.signin;

import java.io.Serializable;

/**
 * Who uses the console: an admin of an account, or one user of an account. The console calls the services as the
 * admin (an ADMIN token of the account) or as the portal acting for the user (a PORTAL token named after the user).
 */
public record Visitor(Kind kind, String accountId, String name) implements Serializable {

    public enum Kind {
        ADMIN, USER
    }

    public Visitor {
        if (accountId.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("a visitor needs an account and a name");
        }
    }

    public boolean admin() {
        return kind == Kind.ADMIN;
    }

    /** Whether this visitor may see and act on {@code userId}: an admin every user of the account, a user only self. */
    public boolean mayActOn(String userId) {
        return admin() || name.equals(userId);
    }
}

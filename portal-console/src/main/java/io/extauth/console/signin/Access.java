package io.extauth.console.signin;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The console's own guard before it calls a service: a user sees only themself, as the services would answer. */
public final class Access {

    private Access() {
    }

    public static void requireMayActOn(Visitor visitor, String userId) {
        if (!visitor.mayActOn(userId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    public static void requireAdmin(Visitor visitor) {
        if (!visitor.admin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only an admin of the account may do this.");
        }
    }
}

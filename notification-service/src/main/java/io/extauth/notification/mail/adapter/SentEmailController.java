package io.extauth.notification.mail.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The e-mails of a user, for support: sent, being retried or failed for good (with the SMTP server's reason); masked
 * recipient, template and Message-ID, never the body. For the portal (acting for its signed-in users), admins of the
 * account and operators; to an admin of another account the user is not there, whether or not it exists.
 */
@RestController
class SentEmailController {

    /**
     * The most mails one answer holds, and how many it holds unless asked for fewer: a user's mails only grow (a
     * lockout mail an hour that anyone with a VPN token can cause, one a fraud report per admin), and every one was
     * read into one answer.
     */
    static final int MAX_MAILS = 100;

    private final QueuedEmails emails;

    SentEmailController(QueuedEmails emails) {
        this.emails = emails;
    }

    @GetMapping("/api/accounts/{accountId}/users/{userId}/emails")
    @Callers({PORTAL, ADMIN, OPERATOR})
    @Operation(summary = "The newest e-mails of an account user (limit, 1 to 100, default 100), oldest first: status"
            + " SENT, PENDING (retried, with the last error), FAILED (with the SMTP server's reason) or WITHDRAWN (its"
            + " order cancelled, or its factor deactivated, before it was sent, with the reason), masked recipient and"
            + " Message-ID")
    @ApiResponse(responseCode = "200", description = "The user's newest mails (at most `limit`), oldest first")
    @ApiResponse(responseCode = "404", description = "`no-such-account-user`: another account's user, for an admin "
            + "of one account (whether or not the user exists)")
    List<QueuedEmails.TimelineEntry> emails(@PathVariable String accountId, @PathVariable String userId,
            @RequestParam(defaultValue = "" + MAX_MAILS) int limit) {
        AccountAccess.requireVisibleAccount(accountId);
        if (limit < 1 || limit > MAX_MAILS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit is between 1 and " + MAX_MAILS);
        }
        return emails.ofUser(accountId, userId, limit);
    }
}

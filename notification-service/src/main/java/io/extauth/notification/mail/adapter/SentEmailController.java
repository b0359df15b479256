package io.extauth.notification.mail.adapter;

import io.extauth.service.security.AccountAccess;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The e-mails of a user, for support: sent, being retried or failed for good (with the SMTP server's reason); masked
 * recipient, template and Message-ID, never the body.
 */
@RestController
class SentEmailController {

    private final EmailQueue emails;

    SentEmailController(EmailQueue emails) {
        this.emails = emails;
    }

    @GetMapping("/api/accounts/{accountId}/users/{userId}/emails")
    @Operation(summary = "The e-mails of an account user, oldest first: status SENT, PENDING (retried, with the last"
            + " error) or FAILED (with the SMTP server's reason), masked recipient and Message-ID")
    List<EmailQueue.TimelineEntry> emails(@PathVariable String accountId, @PathVariable String userId) {
        AccountAccess.requireAccount(accountId);
        return emails.ofUser(accountId, userId);
    }
}

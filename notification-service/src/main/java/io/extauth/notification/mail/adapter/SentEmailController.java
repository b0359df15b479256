package io.extauth.notification.mail.adapter;

import io.extauth.service.security.AccountAccess;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Which e-mails a user was sent, for support: masked recipient, template and Message-ID, never the body. */
@RestController
class SentEmailController {

    private final SentEmails sentEmails;

    SentEmailController(SentEmails sentEmails) {
        this.sentEmails = sentEmails;
    }

    @GetMapping("/api/accounts/{accountId}/users/{userId}/emails")
    @Operation(summary = "The e-mails sent to an account user, oldest first, with masked recipient and Message-ID")
    List<SentEmails.SentEmail> emails(@PathVariable String accountId, @PathVariable String userId) {
        AccountAccess.requireAccount(accountId);
        return sentEmails.ofUser(accountId, userId);
    }
}

package io.extauth.notification.contact.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;

import io.extauth.contract.Masking;
import io.extauth.notification.contact.AdminContact;
import io.extauth.notification.contact.AdminEmailList;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The account's admin contacts, told by e-mail when a user of the account reports fraud. Clear addresses, so only an
 * admin of the account or an operator may read or change them.
 */
@RestController
@Callers({ADMIN, OPERATOR})
class AdminContactController {

    private static final Logger log = LoggerFactory.getLogger(AdminContactController.class);

    /** As order-service's ids ({@code OrderValidator.MAX_ID}): no account has a longer one. */
    static final int MAX_ACCOUNT_ID = 64;

    private final AdminContacts contacts;

    AdminContactController(AdminContacts contacts) {
        this.contacts = contacts;
    }

    /** The request: the whole new list; an empty list removes every address. */
    record AdminContactsRequest(@Nullable List<@Nullable String> emails) {

        /**
         * How many entries, none of them: Spring MVC logs the request it read at DEBUG ("Read ... to [...]"), which
         * printed every address. The entries are not checked yet (one may hold several addresses, or thousands of
         * entries come), so nothing of them is printed, not even masked.
         */
        @Override
        public String toString() {
            return "AdminContactsRequest[" + (emails == null ? "no list" : emails.size() + " entries") + "]";
        }
    }

    /** The account's list, oldest first. */
    record AdminContactsView(String accountId, List<Entry> contacts) {

        /** Masked addresses only: Spring MVC logs the answer it writes at DEBUG ("Writing [...]"). */
        @Override
        public String toString() {
            return "AdminContactsView[accountId=" + accountId + ", contacts=" + contacts + "]";
        }

        record Entry(String email, Instant addedAt) {

            /** The address masked as the contract masks it ({@code j***@example.com}), as {@link AdminContact}'s. */
            @Override
            public String toString() {
                return "Entry[email=" + Masking.email(email) + ", addedAt=" + addedAt + "]";
            }
        }

        static AdminContactsView of(String accountId, List<AdminContact> contacts) {
            return new AdminContactsView(accountId,
                    contacts.stream().map(c -> new Entry(c.email(), c.addedAt())).toList());
        }
    }

    @PutMapping("/api/accounts/{accountId}/admin-contacts")
    @Operation(summary = "Replace the account's admin contacts {emails: [...]} (told by e-mail of a fraud report);"
            + " 422 with every bad entry named")
    @ApiResponse(responseCode = "200", description = "The account's admin contacts as they are now, oldest first")
    @ApiResponse(responseCode = "422", description = "`invalid-admin-contacts`: every bad entry named in `errors` "
            + "(more than 20 addresses is one `TOO_MANY`; an `accountId` over 64 characters `TOO_LONG`); nothing was "
            + "changed")
    AdminContactsView replace(@PathVariable String accountId, @RequestBody AdminContactsRequest request) {
        AccountAccess.requireAccount(accountId);
        AdminEmailList.Checked checked = AdminEmailList.check(request.emails());
        List<FieldError> problems = new ArrayList<>();
        if (accountId.length() > MAX_ACCOUNT_ID) {
            // no order names such an account (order-service takes at most 64), and its key would pass the index's
            // row size: the database's refusal was answered as an outage, 503 "try again in 2 s", every time
            problems.add(new FieldError("accountId", "TOO_LONG", "accountId has at most " + MAX_ACCOUNT_ID
                    + " characters"));
        }
        checked.problems().forEach(p -> problems.add(new FieldError(p.field(), p.code(), p.message())));
        if (!problems.isEmpty()) {
            throw new FieldProblemsException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-admin-contacts",
                    "The admin contacts were not changed: fix every entry listed in errors.", problems);
        }
        List<AdminContact> replaced = contacts.replace(accountId, checked.emails());
        log.info("Admin contacts of account {} set by {}: {} address(es)", accountId, AccountAccess.callerName(),
                checked.emails().size());
        return AdminContactsView.of(accountId, replaced);
    }

    @GetMapping("/api/accounts/{accountId}/admin-contacts")
    @Operation(summary = "The account's admin contacts, oldest first (admin of the account or operator only)")
    AdminContactsView list(@PathVariable String accountId) {
        AccountAccess.requireAccount(accountId);
        return AdminContactsView.of(accountId, contacts.of(accountId));
    }
}

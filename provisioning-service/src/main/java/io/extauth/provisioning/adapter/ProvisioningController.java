package io.extauth.provisioning.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.ProvisioningStatus;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Where an order stands at its vendor: for the portal (acting for its signed-in users, as on every read), admins of
 * its account and operators; to an admin of another account it answers as if the order were not there.
 */
@RestController
@RequestMapping("/api/provisionings")
class ProvisioningController {

    private final ProvisioningRecords provisionings;

    ProvisioningController(ProvisioningRecords provisionings) {
        this.provisionings = provisionings;
    }

    @GetMapping("/{orderId}")
    @Callers({PORTAL, ADMIN, OPERATOR})
    @Operation(summary = "Where an order stands at its vendor: status, vendorRef, attempts, the vendor's reason, and"
            + " while it is retried the last transient error and when it is tried next")
    @ApiResponse(responseCode = "200", description = "Where the order stands at its vendor")
    @ApiResponse(responseCode = "404", description = "`about:blank`: no provisioning for this order yet, or another "
            + "account's (the same answer)")
    ProvisioningView provisioning(@PathVariable String orderId) {
        ProvisioningRecord record = provisionings.find(orderId).orElseThrow(() -> notReached(orderId));
        AccountAccess.requireVisible(record.accountId(), () -> notReached(orderId));
        return new ProvisioningView(record.orderId(), record.accountId(), record.userId(), record.type(),
                record.vendorRef(), record.status(), record.attempts(), record.failureReason(), record.lastError(),
                record.nextAttemptAt());
    }

    private static ResponseStatusException notReached(String orderId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Order " + orderId + " has not reached provisioning (yet).");
    }

    record ProvisioningView(String orderId, String accountId, String userId, AuthType type, @Nullable String vendorRef,
            ProvisioningStatus status, int attempts, @Nullable String failureReason, @Nullable String lastError,
            @Nullable Instant nextAttemptAt) {
    }
}

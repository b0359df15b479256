package io.extauth.simulator.provisioning;

import io.extauth.simulator.Problems;
import io.extauth.simulator.faults.FaultInjected;
import io.extauth.simulator.vip.web.UnknownCredential;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/vip/credentials")
@Tag(name = "Vendor provisioning", description = "Called by provisioning-service; subject to /simulator/faults")
class VipCredentialController {

    private final VipCredentials credentials;

    VipCredentialController(VipCredentials credentials) {
        this.credentials = credentials;
    }

    @PostMapping
    @FaultInjected
    @Operation(summary = "Bind a credential to a user: 201 new, 200 replay; 422 CREDENTIAL_UNKNOWN, 409 CREDENTIAL_BOUND_ELSEWHERE")
    ResponseEntity<VendorRef> bind(@Valid @RequestBody VipCredential credential) {
        UnknownCredential.unlessWellFormed(credential.credentialId());
        BindOutcome outcome = credentials.bind(credential);
        if (outcome instanceof BindOutcome.Bound bound) {
            return VendorRef.answer(bound.registration());
        }
        throw Problems.problem(HttpStatus.CONFLICT, "CREDENTIAL_BOUND_ELSEWHERE", "Credential "
                + credential.credentialId() + " is bound to another user. Unbind it there first (DELETE"
                + " /vip/credentials/" + credential.credentialId() + "?accountId=...&userId=..., naming that user).");
    }

    @GetMapping("/{credentialId}")
    @Operation(summary = "A credential's binding (for tests: is it registered, to whom?)")
    VipBinding binding(@PathVariable String credentialId) {
        return credentials.find(credentialId).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND,
                "CREDENTIAL_NOT_REGISTERED", "Credential " + credentialId + " is not bound to any user."));
    }

    @DeleteMapping("/{credentialId}")
    @FaultInjected
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unbind a credential from the user named (accountId and userId, as VIP's RemoveCredential):"
            + " 204, also when it is not bound; 409 CREDENTIAL_BOUND_ELSEWHERE, and nothing changed, when another"
            + " user holds it. Naming no user unbinds it from whoever holds it (by hand only)")
    void unbind(@PathVariable String credentialId, @RequestParam(required = false) @Nullable String accountId,
            @RequestParam(required = false) @Nullable String userId) {
        if (accountId == null && userId == null) {
            credentials.unbindFromAnyone(credentialId);
            return;
        }
        if (accountId == null || accountId.isBlank() || userId == null || userId.isBlank()) {
            throw Problems.invalid(accountId == null || accountId.isBlank() ? "accountId" : "userId",
                    "name the credential's user with both accountId and userId (or, by hand, neither)");
        }
        if (credentials.unbind(credentialId, accountId, userId) == UnbindOutcome.BOUND_ELSEWHERE) {
            throw Problems.problem(HttpStatus.CONFLICT, "CREDENTIAL_BOUND_ELSEWHERE", "Credential " + credentialId
                    + " is bound to another user, not to " + accountId + "/" + userId + ": nothing of theirs to"
                    + " remove, and the binding stays.");
        }
    }
}

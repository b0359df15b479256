package io.extauth.challenge.activation.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.web.adapter.ScopedAccount;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users/{userId}/external-auth")
@Callers({PORTAL, ADMIN})
class ActivationController {

    record PhoneRequest(@Nullable String slot, @Nullable String countryCode, @Nullable String number,
            @Nullable String extension) {

        @Override
        public String toString() {
            return "PhoneRequest[" + slot + "]";
        }
    }

    record SettingsRequest(@Nullable String status, @Nullable String method, @Nullable String pin) {

        @Override
        public String toString() {
            return "SettingsRequest[" + status + ", " + method + "]";
        }
    }

    record SymantecRequest(@Nullable String securityCode) {

        @Override
        public String toString() {
            return "SymantecRequest[******]";
        }
    }

    private final PhoneFactorActivation phoneFactor;
    private final SymantecActivation symantec;

    ActivationController(PhoneFactorActivation phoneFactor, SymantecActivation symantec) {
        this.phoneFactor = phoneFactor;
        this.symantec = symantec;
    }

    @PostMapping("/phonefactor/phones")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Verify a PRIMARY or SECONDARY phone: a call the user answers with #")
    CompletableFuture<PhoneFactorActivation.VerificationView> verifyPhone(@PathVariable String userId,
            @ScopedAccount String account, @RequestBody PhoneRequest request) {
        return phoneFactor.startVerification(account, userId, request.slot(),
                request.countryCode(), request.number(), request.extension(), AccountAccess.callerName());
    }

    @GetMapping("/phonefactor/phones/verifications/{verificationId}")
    @Operation(summary = "Where a phone verification stands: CALLING, VERIFIED or FAILED with the reason")
    PhoneFactorActivation.VerificationView verification(@PathVariable String userId,
            @PathVariable String verificationId, @ScopedAccount String account) {
        return phoneFactor.verification(account, userId, verificationId);
    }

    @PutMapping("/phonefactor/settings")
    @Operation(summary = "Save PhoneFactor status (ACTIVE/INACTIVE), method and PIN (user via the portal, or an admin "
            + "of the account); status ACTIVE activates a provisioned user, INACTIVE suspends challenges")
    FactorView settings(@PathVariable String userId, @ScopedAccount String account,
            @RequestBody SettingsRequest request) {
        return phoneFactor.saveSettings(account, userId, request.status(), request.method(),
                request.pin(), AccountAccess.callerName());
    }

    @PostMapping("/phonefactor/pin-reset")
    @Callers(ADMIN)
    @Operation(summary = "Admin of the account: forget the user's PIN; a PIN method needs a new PIN before the next "
            + "challenge (409 pin-required until then)")
    FactorView resetPin(@PathVariable String userId, @ScopedAccount String account) {
        return phoneFactor.resetPin(account, userId, AccountAccess.callerName());
    }

    @PostMapping("/symantec/activation")
    @Operation(summary = "Activate Symantec VIP with the security code the credential shows now")
    CompletableFuture<FactorView> activateSymantec(@PathVariable String userId,
            @ScopedAccount String account, @RequestBody SymantecRequest request) {
        return symantec.activate(account, userId, request.securityCode(),
                AccountAccess.callerName());
    }
}

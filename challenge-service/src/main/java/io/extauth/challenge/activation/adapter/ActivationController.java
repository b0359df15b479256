package io.extauth.challenge.activation.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.web.adapter.ScopedAccount;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    /** The 409s of an operation on a factor that is not set up for it. */
    private static final String NOT_SET_UP = "`not-provisioned`: nothing ordered or provisioned yet; `deactivated`; "
            + "`wrong-type`: the user's factor is the other type";

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
    @ApiResponse(responseCode = "202", description = "The call is placed: `{verificationId, slot, status: CALLING, "
            + "phoneMasked}`; read GET …/phones/verifications/{verificationId} until VERIFIED or FAILED")
    @ApiResponse(responseCode = "403", description = "`recent-challenge-required`: replacing a phone of an active "
            + "factor from the portal needs a PORTAL challenge the user passed in the last 5 minutes (an admin needs "
            + "none)")
    @ApiResponse(responseCode = "409", description = NOT_SET_UP)
    @ApiResponse(responseCode = "422", description = "`invalid-phone`: slot, country code, number or extension "
            + "invalid, or a number that may not be called (premium-rate, shared-cost …) (`errors`)")
    @ApiResponse(responseCode = "423", description = "`locked`: while the user is locked only an admin changes the "
            + "factor")
    @ApiResponse(responseCode = "429", description = "`too-many-contacts`: beyond the verification limits (per user, "
            + "per number of the account, per number across accounts, per account, failed verifications a day); "
            + "Retry-After")
    @ApiResponse(responseCode = "503", description = "`vendor-unavailable`: the call could not be placed "
            + "(Retry-After); `request-timed-out`: not answered within the service's wait (a new request places a new "
            + "call)")
    CompletableFuture<PhoneFactorActivation.VerificationView> verifyPhone(@PathVariable String userId,
            @ScopedAccount String account, @RequestBody PhoneRequest request) {
        return phoneFactor.startVerification(account, userId, request.slot(),
                request.countryCode(), request.number(), request.extension(), AccountAccess.callerName());
    }

    @GetMapping("/phonefactor/phones/verifications/{verificationId}")
    @Operation(summary = "Where a phone verification stands: CALLING, VERIFIED or FAILED with the reason")
    @ApiResponse(responseCode = "200", description = "The verification: CALLING, VERIFIED, or FAILED with its "
            + "`reason`")
    @ApiResponse(responseCode = "404", description = "`no-such-verification`: no such verification of this user")
    PhoneFactorActivation.VerificationView verification(@PathVariable String userId,
            @PathVariable String verificationId, @ScopedAccount String account) {
        return phoneFactor.verification(account, userId, verificationId);
    }

    @PutMapping("/phonefactor/settings")
    @Operation(summary = "Save PhoneFactor status (ACTIVE/INACTIVE), method and PIN (user via the portal, or an admin "
            + "of the account); status ACTIVE activates a provisioned user, INACTIVE suspends challenges")
    @ApiResponse(responseCode = "200", description = "The factor as saved: status ACTIVE on a provisioned user "
            + "activates it (`Activated`); a change of an active factor is `FactorSettingsChanged`, and one of how it "
            + "reaches or checks the user (method, PIN, status INACTIVE) withdraws the challenges still open "
            + "(`WITHDRAWN`, no strike)")
    @ApiResponse(responseCode = "403", description = "`recent-challenge-required`: a weakening change of an active "
            + "factor from the portal (a PIN dropped or replaced, challenges suspended) needs a PORTAL challenge the "
            + "user passed in the last 5 minutes (an admin needs none)")
    @ApiResponse(responseCode = "409", description = NOT_SET_UP)
    @ApiResponse(responseCode = "422", description = "`invalid-settings`: status, method or PIN invalid, a PIN "
            + "method without a PIN, or ACTIVE without a verified primary phone (`errors`)")
    @ApiResponse(responseCode = "423", description = "`locked`: while the user is locked only an admin changes the "
            + "factor")
    @ApiResponse(responseCode = "429", description = "`too-many-settings-saves`: beyond the saves that change "
            + "something allowed an hour (an admin's per caller and account, the portal's per user; `reason` PER_CALLER "
            + "or PER_USER, `retryAfterSeconds`); nothing saved, no e-mail; Retry-After")
    @ApiResponse(responseCode = "503", description = "`pin-hashing-busy`: a save with a `pin` found this instance's "
            + "places for hashing PINs taken for the wait; nothing saved; Retry-After")
    FactorView settings(@PathVariable String userId, @ScopedAccount String account,
            @RequestBody SettingsRequest request) {
        return phoneFactor.saveSettings(account, userId, request.status(), request.method(),
                request.pin(), AccountAccess.callerName());
    }

    @PostMapping("/phonefactor/pin-reset")
    @Callers(ADMIN)
    @Operation(summary = "Admin of the account: forget the user's PIN; a PIN method needs a new PIN before the next "
            + "challenge (409 pin-required until then)")
    @ApiResponse(responseCode = "200", description = "The factor, `pinSet: false`; the user's challenges still open "
            + "are withdrawn (`WITHDRAWN`, no strike)")
    @ApiResponse(responseCode = "409", description = "`no-pin`: the user has no PIN to reset; " + NOT_SET_UP)
    @ApiResponse(responseCode = "429", description = "`too-many-settings-saves`: the admin's saves in this account "
            + "an hour used up (a PIN reset counts as one; `reason` PER_CALLER, `retryAfterSeconds`); nothing reset, no "
            + "e-mail; Retry-After")
    FactorView resetPin(@PathVariable String userId, @ScopedAccount String account) {
        return phoneFactor.resetPin(account, userId, AccountAccess.callerName());
    }

    @PostMapping("/symantec/activation")
    @Operation(summary = "Activate Symantec VIP with the security code the credential shows now")
    @ApiResponse(responseCode = "200", description = "The factor, `state: ACTIVE` (`Activated`)")
    @ApiResponse(responseCode = "409", description = "`already-active`; `code-used-by-lost-answer`: VIP took this code "
            + "in an earlier activation whose verdict was lost (a 503): no strike, enter the next code; " + NOT_SET_UP)
    @ApiResponse(responseCode = "422", description = "`invalid-security-code`: the code missing or not six digits "
            + "(no attempt counted); `wrong-security-code`: VIP says the code is not the one shown now, or was used "
            + "already (`remainingAttempts`)")
    @ApiResponse(responseCode = "423", description = "`activation-locked`: 5 wrong codes in a row lock activation "
            + "for an hour (`lockedUntil`); an admin's unlock ends it")
    @ApiResponse(responseCode = "503", description = "`vendor-unavailable`: VIP gave no verdict in time, nothing "
            + "counts (Retry-After); `request-timed-out`: not answered within the service's wait")
    CompletableFuture<FactorView> activateSymantec(@PathVariable String userId,
            @ScopedAccount String account, @RequestBody SymantecRequest request) {
        return symantec.activate(account, userId, request.securityCode(),
                AccountAccess.callerName());
    }
}

package io.extauth.challenge.lockout.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;

import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.web.adapter.ScopedAccount;
import io.extauth.challenge.web.adapter.Problems;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AdminController {

    private final Unlocks unlocks;

    AdminController(Unlocks unlocks) {
        this.unlocks = unlocks;
    }

    @PostMapping("/api/users/{userId}/external-auth/unlock")
    @Callers({ADMIN, OPERATOR})
    @Operation(summary = "End a user's lock now (admin of the account, or operator)")
    @ApiResponse(responseCode = "200", description = "The factor: unlocked (`state: ACTIVE`, `Unlocked`), or a "
            + "provisioned user's Symantec activation lock ended (`state: PROVISIONED`)")
    @ApiResponse(responseCode = "409", description = "`not-locked`: the user is not locked")
    FactorView unlock(@PathVariable String userId, @ScopedAccount String account) {
        return unlocks.unlockByAdmin(account, userId, AccountAccess.callerName()).map(FactorView::of)
                .orElseThrow(() -> Problems.conflict("not-locked", "This user is not locked."));
    }

    @PostMapping("/api/users/{userId}/external-auth/deactivate")
    @Callers({ADMIN, OPERATOR})
    @Operation(summary = "Switch the user's external authentication off; a new order starts again")
    @ApiResponse(responseCode = "200", description = "The factor, `state: DEACTIVATED` (`Deactivated`); a new order "
            + "starts again")
    @ApiResponse(responseCode = "409", description = "`nothing-to-deactivate`: the user has no external "
            + "authentication to deactivate")
    FactorView deactivate(@PathVariable String userId, @ScopedAccount String account) {
        return unlocks.deactivate(account, userId, AccountAccess.callerName()).map(FactorView::of)
                .orElseThrow(() -> Problems.conflict("nothing-to-deactivate",
                        "This user has no external authentication to deactivate."));
    }
}

package io.extauth.challenge.factor.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.web.adapter.ScopedAccount;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FactorController {

    private final UserFactors factors;

    FactorController(UserFactors factors) {
        this.factors = factors;
    }

    @GetMapping("/api/users/{userId}/external-auth")
    @Callers({PORTAL, ADMIN, OPERATOR})
    @Operation(summary = "Where the user's external authentication stands: state, type, method, strikes, lock")
    @ApiResponse(responseCode = "200", description = "The user's factor; a user never ordered is `state: NONE`")
    FactorView status(@PathVariable String userId, @ScopedAccount String account) {
        return FactorView.of(factors.find(account, userId).orElseGet(() -> UserFactor.none(account, userId)));
    }
}

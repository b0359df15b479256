package io.extauth.simulator.vip.web;

import io.extauth.simulator.Problems;
import io.extauth.simulator.vip.CodeCheck;
import io.extauth.simulator.vip.CurrentCode;
import io.extauth.simulator.vip.VipTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/vip/credentials/{credentialId}")
@Tag(name = "Symantec VIP", description = "The token in the user's hand and VIP's code validation")
class VipController {

    private final VipTokens tokens;
    private final VipTokenState usedCodes;

    VipController(VipTokens tokens, VipTokenState usedCodes) {
        this.tokens = tokens;
        this.usedCodes = usedCodes;
    }

    @GetMapping("/code")
    @Operation(summary = "The 6-digit code the token shows now (works for any well-formed credential ID); "
            + "step=next shows the code of the next 30 s step, which VIP already accepts as one step of drift, "
            + "so a test or a person need not wait for the token to change after using a code")
    CurrentCode currentCode(@PathVariable String credentialId,
            @RequestParam(name = "step", defaultValue = "current") String step) {
        UnknownCredential.unlessWellFormed(credentialId);
        return switch (step) {
            case "current" -> tokens.currentCode(credentialId);
            case "next" -> tokens.nextCode(credentialId);
            default -> throw Problems.invalid("step", "must be current or next (or left out: current)");
        };
    }

    @PostMapping("/validate")
    @Operation(summary = "Validate a code: current step or one step of drift either way, each step accepted once")
    CodeValidation validate(@PathVariable String credentialId, @Valid @RequestBody ValidateCodeRequest request) {
        UnknownCredential.unlessWellFormed(credentialId);
        CodeCheck check = tokens.validate(credentialId, request.code());
        if (check.valid()) {
            usedCodes.codeAccepted();
        }
        return CodeValidation.of(check);
    }
}

package io.extauth.simulator.provisioning;

import io.extauth.simulator.Problems;
import io.extauth.simulator.faults.FaultInjected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/phonefactor/users")
@Tag(name = "Vendor provisioning", description = "Called by provisioning-service; subject to /simulator/faults")
class PhoneFactorUserController {

    private final PhoneFactorUsers users;

    PhoneFactorUserController(PhoneFactorUsers users) {
        this.users = users;
    }

    @PostMapping
    @FaultInjected
    @Operation(summary = "Register a user: 201 with a new vendorRef, 200 with the same vendorRef for a known idempotencyKey")
    ResponseEntity<VendorRef> register(@Valid @RequestBody PhoneFactorUser user) {
        return VendorRef.answer(users.register(user));
    }

    @GetMapping("/{vendorRef}")
    @Operation(summary = "A registered user (for tests: was it created, was it deleted?)")
    PhoneFactorUser user(@PathVariable String vendorRef) {
        return users.find(vendorRef).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, "USER_UNKNOWN",
                "PhoneFactor has no user " + vendorRef + " (never registered, or deleted)."));
    }

    @DeleteMapping("/{vendorRef}")
    @FaultInjected
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a user; idempotent, 204 also when it is unknown")
    void delete(@PathVariable String vendorRef) {
        users.delete(vendorRef);
    }
}

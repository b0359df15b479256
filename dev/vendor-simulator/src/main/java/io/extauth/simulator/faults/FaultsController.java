package io.extauth.simulator.faults;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/simulator/faults")
@Tag(name = "Simulator control")
class FaultsController {

    private final FaultInjector injector;

    FaultsController(FaultInjector injector) {
        this.injector = injector;
    }

    @GetMapping
    @Operation(summary = "The faults applied to the vendor provisioning endpoints")
    Faults faults() {
        return injector.current();
    }

    @PutMapping
    @Operation(summary = "Set latency, error rate and outage of /phonefactor/users and /vip/credentials POST/DELETE")
    Faults setFaults(@Valid @RequestBody Faults faults) {
        injector.set(faults);
        return faults;
    }
}

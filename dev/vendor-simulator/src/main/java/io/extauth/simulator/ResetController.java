package io.extauth.simulator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Simulator control")
class ResetController {

    private final ApplicationEventPublisher events;

    ResetController(ApplicationEventPublisher events) {
        this.events = events;
    }

    @PostMapping("/simulator/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Forget all users, credentials, calls, SMS, pushes and used codes, and switch faults off")
    void reset() {
        events.publishEvent(new SimulatorReset());
    }
}

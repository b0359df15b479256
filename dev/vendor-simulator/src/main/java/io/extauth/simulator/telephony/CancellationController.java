package io.extauth.simulator.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a real gateway offers a caller whose reason to reach the user is gone (Twilio: a call's status set to
 * {@code canceled}/{@code completed}): the service that placed a call, SMS or push withdraws every open one of a
 * reference, e.g. the challenge decided because its user was locked or deactivated. A withdrawn one is
 * {@code CANCELLED} and refuses the user's action; idempotent, 200 also when nothing was open.
 */
@RestController
@Tag(name = "Telephony: cancellations", description = "challenge-service withdraws the calls, SMS and pushes of a challenge that is over")
class CancellationController {

    record CancelContacts(@NotBlank String reference) {
    }

    record Cancelled(String reference, int cancelled) {
    }

    private final List<Cancellable> contacts;
    private final Clock clock;

    CancellationController(List<Cancellable> contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    @PostMapping("/telephony/cancellations")
    @Operation(summary = "Cancel every ringing call, unanswered SMS and pending push with this reference")
    Cancelled cancel(@Valid @RequestBody CancelContacts request) {
        Instant now = clock.instant();
        return new Cancelled(request.reference(),
                contacts.stream().mapToInt(kind -> kind.cancel(request.reference(), now)).sum());
    }
}

package io.extauth.simulator.telephony;

import io.extauth.simulator.Problems;
import io.extauth.simulator.faults.FaultInjected;
import io.extauth.simulator.telephony.ContactLookup.ContactState;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status lookup a sender makes when it has heard nothing (challenge-service asks before it counts an unanswered
 * challenge as a strike). Subject to the configured faults, as a vendor's API is during an outage; the listings the
 * tests use are not.
 */
@RestController
@RequestMapping("/telephony/contacts")
class ContactController {

    private final List<ContactLookup> kinds;
    private final Clock clock;

    ContactController(List<ContactLookup> kinds, Clock clock) {
        this.kinds = kinds;
        this.clock = clock;
    }

    @GetMapping("/{reference}")
    @FaultInjected
    @Operation(summary = "The call, SMS or push placed for a reference, with its status (RINGING, SENT, PENDING, "
            + "ANSWERED, UNANSWERED, REPLIED, APPROVED, DENIED, EXPIRED or FAILED); 404 when there is none")
    ContactState contact(@PathVariable String reference) {
        Instant now = clock.instant();
        return kinds.stream().map(kind -> kind.byReference(reference, now)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, "CONTACT_UNKNOWN",
                        "There is no call, SMS or push for reference " + reference + "."));
    }
}

package io.extauth.simulator.telephony.push;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.extauth.simulator.Problems;
import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.callback.CallbackSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/telephony/pushes")
@Tag(name = "Telephony: app pushes", description = "challenge-service sends pushes; a test or person approves or denies")
class PushController {

    private final Pushes pushes;
    private final CallbackSender callbacks;
    private final Clock clock;

    PushController(Pushes pushes, CallbackSender callbacks, Clock clock) {
        this.pushes = pushes;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Send a push to the user's app, optionally asking for a PIN. A second push with a reference "
            + "already pushed is the same push: its id is answered again and nothing is pushed twice")
    PushSent send(@Valid @RequestBody SendPush request) {
        Push push = new Push("push-" + UUID.randomUUID(), request.userId(), request.accountId(), request.message(),
                request.withPin(), request.reference(), request.callbackUrl(), PushStatus.PENDING, clock.instant(),
                request.expiresAt());
        return new PushSent(pushes.addOnce(push.pushId(), push).pushId());
    }

    @GetMapping
    @Operation(summary = "Pushes, newest first, optionally for one user, account, status or reference (challenge)")
    List<Push> list(@RequestParam(required = false) @Nullable String userId,
            @RequestParam(required = false) @Nullable String accountId,
            @RequestParam(required = false) @Nullable PushStatus status,
            @RequestParam(required = false) @Nullable String reference) {
        Instant now = clock.instant();
        // the index narrows what is looked at; the filter below still decides
        List<Push> candidates = userId != null ? pushes.to(userId)
                : reference != null ? pushes.withReference(reference) : pushes.list();
        return candidates.stream().map(push -> push.asOf(now))
                .filter(push -> (userId == null || push.userId().equals(userId))
                        && (accountId == null || push.accountId().equals(accountId))
                        && (status == null || push.status() == status)
                        && (reference == null || push.reference().equals(reference)))
                .toList();
    }

    @GetMapping("/{pushId}")
    @Operation(summary = "One push")
    Push push(@PathVariable String pushId) {
        return pushes.get(pushId).asOf(clock.instant());
    }

    @PostMapping("/{pushId}/approve")
    @Operation(summary = "Approve a PENDING push (pin required if it asked for one); callback before this returns")
    Push approve(@PathVariable String pushId, @RequestBody(required = false) @Nullable ApprovePush body) {
        ApprovePush approval = body == null ? ApprovePush.WITHOUT_PIN : body;
        return pushes.act(pushId, push -> requirePinIfAsked(push.asOf(clock.instant()), approval).approved(), approved ->
                callbacks.deliver(approved.callbackUrl(), Callback.push(approved.pushId(), approved.reference(),
                        approved.status().name(), approval.pin(), false), approved.expiresAt()));
    }

    @PostMapping("/{pushId}/deny")
    @Operation(summary = "Deny a PENDING push, optionally reporting fraud; callback before this returns")
    Push deny(@PathVariable String pushId, @RequestBody(required = false) @Nullable DenyPush body) {
        DenyPush denial = body == null ? DenyPush.PLAIN : body;
        return pushes.act(pushId, push -> push.asOf(clock.instant()).denied(), denied -> callbacks.deliver(denied.callbackUrl(),
                Callback.push(denied.pushId(), denied.reference(), denied.status().name(), null,
                        denial.reportFraud()), denied.expiresAt()));
    }

    private static Push requirePinIfAsked(Push push, ApprovePush approval) {
        String pin = approval.pin();
        if (push.withPin() && (pin == null || pin.isBlank())) {
            throw Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "PIN_REQUIRED",
                    "Push " + push.pushId() + " asks for a PIN: approve with body {\"pin\": \"...\"}.");
        }
        return push;
    }
}

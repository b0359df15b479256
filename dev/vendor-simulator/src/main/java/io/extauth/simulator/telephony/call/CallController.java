package io.extauth.simulator.telephony.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.callback.CallbackSender;
import io.extauth.simulator.telephony.PhoneNumbers;
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
@RequestMapping("/telephony/calls")
@Tag(name = "Telephony: calls", description = "challenge-service places calls; a test or person answers them")
class CallController {

    private final Calls calls;
    private final CallbackSender callbacks;
    private final Clock clock;

    CallController(Calls calls, CallbackSender callbacks, Clock clock) {
        this.calls = calls;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Place a call; it rings until answered or left unanswered. A second call with a reference "
            + "already placed is the same call: its id is answered again and nothing rings twice")
    CallPlaced place(@Valid @RequestBody PlaceCall request) {
        Call call = new Call("call-" + UUID.randomUUID(), request.to(), request.purpose(), request.message(),
                request.reference(), request.callbackUrl(), CallStatus.RINGING, clock.instant(), request.expiresAt());
        Call placed = calls.addOnce(call.callId(), call).asOf(clock.instant());
        return new CallPlaced(placed.callId(), placed.status());
    }

    @GetMapping
    @Operation(summary = "Calls, newest first; to= without extension matches all extensions (encode + as %2B); "
            + "reference= picks the calls of one challenge or verification")
    List<Call> list(@RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable CallStatus status,
            @RequestParam(required = false) @Nullable String reference) {
        Instant now = clock.instant();
        // the index narrows what is looked at; the filter below still decides
        List<Call> candidates = to != null ? calls.to(PhoneNumbers.line(to))
                : reference != null ? calls.withReference(reference) : calls.list();
        return candidates.stream().map(call -> call.asOf(now))
                .filter(call -> (to == null || PhoneNumbers.matches(to, call.to()))
                        && (status == null || call.status() == status)
                        && (reference == null || call.reference().equals(reference)))
                .toList();
    }

    @GetMapping("/{callId}")
    @Operation(summary = "One call")
    Call call(@PathVariable String callId) {
        return calls.get(callId).asOf(clock.instant());
    }

    @PostMapping("/{callId}/answer")
    @Operation(summary = "Answer a RINGING call with keys; the callback is sent before this returns (502 if refused, retried if not taken)")
    Call answer(@PathVariable String callId, @Valid @RequestBody AnswerCall answer) {
        return calls.act(callId, call -> call.asOf(clock.instant()).answered(), answered -> callbacks.deliver(answered.callbackUrl(),
                Callback.call(answered.callId(), answered.reference(), answered.status().name(), answer.keys()), answered.expiresAt()));
    }

    @PostMapping("/{callId}/no-answer")
    @Operation(summary = "Let a RINGING call go unanswered; the callback is sent before this returns, retried if not taken")
    Call noAnswer(@PathVariable String callId) {
        return calls.act(callId, call -> call.asOf(clock.instant()).unanswered(), unanswered -> callbacks.deliver(unanswered.callbackUrl(),
                Callback.call(unanswered.callId(), unanswered.reference(), unanswered.status().name(), null), unanswered.expiresAt()));
    }
}

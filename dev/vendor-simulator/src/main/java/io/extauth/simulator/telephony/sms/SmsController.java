package io.extauth.simulator.telephony.sms;

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
@RequestMapping("/telephony/sms")
@Tag(name = "Telephony: SMS", description = "The services send texts; a test or person reads and replies")
class SmsController {

    private final Messages messages;
    private final CallbackSender callbacks;
    private final Clock clock;

    SmsController(Messages messages, CallbackSender callbacks, Clock clock) {
        this.messages = messages;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Send a text message to a phone. A second text with a reference already sent is the same "
            + "text: its id is answered again and nothing is sent twice")
    SmsSent send(@Valid @RequestBody SendSms request) {
        Sms sms = new Sms("sms-" + UUID.randomUUID(), request.to(), request.text(), request.reference(),
                request.callbackUrl(), SmsStatus.SENT, clock.instant(), request.expiresAt());
        return new SmsSent(messages.addOnce(sms.smsId(), sms).smsId());
    }

    @GetMapping
    @Operation(summary = "Messages, newest first (encode + in to= as %2B); reference= picks those of one challenge")
    List<Sms> list(@RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable SmsStatus status,
            @RequestParam(required = false) @Nullable String reference) {
        Instant now = clock.instant();
        // the index narrows what is looked at; the filter below still decides
        List<Sms> candidates = to != null ? messages.to(PhoneNumbers.line(to))
                : reference != null ? messages.withReference(reference) : messages.list();
        return candidates.stream().map(sms -> sms.asOf(now))
                .filter(sms -> (to == null || PhoneNumbers.matches(to, sms.to()))
                        && (status == null || sms.status() == status)
                        && (reference == null || sms.reference().equals(reference)))
                .toList();
    }

    @GetMapping("/{smsId}")
    @Operation(summary = "One message")
    Sms sms(@PathVariable String smsId) {
        return messages.get(smsId).asOf(clock.instant());
    }

    @PostMapping("/{smsId}/reply")
    @Operation(summary = "Reply once to a message; the callback is sent before this returns (502 if refused, retried if not taken)")
    Sms reply(@PathVariable String smsId, @Valid @RequestBody ReplySms reply) {
        return messages.act(smsId, sms -> sms.asOf(clock.instant()).replied(), replied -> callbacks.deliver(replied.callbackUrl(),
                Callback.sms(replied.smsId(), replied.reference(), reply.text()), replied.expiresAt()));
    }
}

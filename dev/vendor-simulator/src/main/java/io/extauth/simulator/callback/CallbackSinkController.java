package io.extauth.simulator.callback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.extauth.simulator.SimulatorProperties;
import io.extauth.simulator.SimulatorReset;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A receiver to try the telephony API by hand without a service behind it: give {@code <simulator>/simulator/callbacks}
 * as the callbackUrl and read here what a receiver gets, and whether its signature holds. It keeps the last
 * {@value #KEPT} callbacks in memory only (they carry keys, PINs and texts, which the state file never holds).
 */
@RestController
@RequestMapping("/simulator/callbacks")
@Tag(name = "Simulator control")
class CallbackSinkController {

    private static final int KEPT = 50;

    /**
     * One callback as received: its body byte for byte (JSON as it came, a text otherwise), and whether its
     * signature holds.
     */
    record Received(Instant receivedAt, boolean signatureValid, @JsonRawValue String callback,
            @JsonIgnore @Nullable String reference) {
    }

    private final Deque<Received> received = new ArrayDeque<>();
    private final String secret;
    private final Clock clock;
    private final ObjectMapper json;

    CallbackSinkController(SimulatorProperties properties, Clock clock, ObjectMapper json) {
        this.secret = properties.callbackSecret();
        this.clock = clock;
        this.json = json;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "A callback receiver for trying the API by hand: keeps the callback, answers 204")
    synchronized void receive(HttpServletRequest request, @RequestBody byte[] body,
            @RequestHeader(value = CallbackSignature.HEADER, required = false) @Nullable String signature) {
        boolean valid = CallbackSignature.verify(secret, request.getRequestURI(), body, signature);
        received.addFirst(received(valid, body));
        while (received.size() > KEPT) {
            received.removeLast();
        }
    }

    @GetMapping
    @Operation(summary = "The callbacks received here, newest first; reference= picks those of one call, SMS or push")
    synchronized List<Received> list(@RequestParam(required = false) @Nullable String reference) {
        return received.stream()
                .filter(one -> reference == null || reference.equals(one.reference()))
                .toList();
    }

    private Received received(boolean signatureValid, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode callback = json.readTree(body);
            return new Received(clock.instant(), signatureValid, text, callback.path("reference").asString(null));
        } catch (JacksonException e) {
            return new Received(clock.instant(), signatureValid, json.writeValueAsString(text), null);
        }
    }

    @EventListener(SimulatorReset.class)
    synchronized void clear() {
        received.clear();
    }
}

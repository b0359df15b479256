package io.extauth.challenge.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.extauth.challenge.activation.PhoneFactorActivation;
import io.extauth.challenge.login.ChallengeAnswers;
import io.extauth.challenge.telephony.CallbackUrlProperties;
import io.extauth.challenge.telephony.TelephonyProperties;
import io.extauth.challenge.web.Problems;
import io.extauth.service.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The telephony gateway's callbacks: no bearer token (the service kit lets {@code /callbacks/**} through), but an
 * HMAC signature over the exact body, checked before the body is even parsed.
 */
@RestController
class CallbackController {

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);

    private final String secret;
    private final ObjectMapper json;
    private final PhoneFactorActivation verifications;
    private final ChallengeAnswers challenges;

    CallbackController(TelephonyProperties properties, ObjectMapper json, PhoneFactorActivation verifications,
            ChallengeAnswers challenges) {
        this.secret = properties.callbackSecret();
        this.json = json;
        this.verifications = verifications;
        this.challenges = challenges;
    }

    @PostMapping(CallbackUrlProperties.TELEPHONY_PATH)
    @PublicEndpoint("the telephony gateway's HMAC signature, checked before the body is parsed")
    @Operation(summary = "Signed callback of the telephony gateway: a call answered, an SMS replied, a push acted on")
    ResponseEntity<Void> telephony(@RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(value = CallbackSignatureRules.HEADER, required = false) @Nullable String signature) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (!CallbackSignatureRules.verify(secret, bytes, signature)) {
            log.warn("Telephony callback refused: missing or wrong {}", CallbackSignatureRules.HEADER);
            throw Problems.problem(HttpStatus.UNAUTHORIZED, "bad-signature", "The " + CallbackSignatureRules.HEADER
                    + " header is missing or is not the HMAC-SHA256 of this body under the shared secret.");
        }
        TelephonyCallback callback = parse(bytes);
        UUID reference = reference(callback);
        log.info("Telephony callback {}", callback);
        if ("CALL".equals(callback.kind()) && verifications.isVerification(reference)) {
            verifications.callAnswered(reference, String.valueOf(callback.status()), callback.keys());
            return ResponseEntity.noContent().build();
        }
        ChallengeAnswers.PhoneAnswer answer = new ChallengeAnswers.PhoneAnswer(String.valueOf(callback.kind()),
                String.valueOf(callback.status()), callback.keys(), callback.text(), callback.pin(),
                callback.reportFraud());
        if (challenges.fromPhone(reference, answer).isEmpty()) {
            throw Problems.notFound("unknown-reference", "No challenge or phone verification has reference "
                    + reference + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private TelephonyCallback parse(byte[] body) {
        try {
            return json.readValue(body, TelephonyCallback.class);
        } catch (IOException e) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, "unreadable-callback",
                    "The callback body is not the expected JSON object.");
        }
    }

    private static UUID reference(TelephonyCallback callback) {
        try {
            return UUID.fromString(String.valueOf(callback.reference()));
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("unknown-reference", "The callback's reference is not one of this service's.");
        }
    }
}

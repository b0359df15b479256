package io.extauth.challenge.callback.adapter;

import io.extauth.challenge.callback.CallbackSignatureRules;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.extauth.challenge.activation.adapter.PhoneFactorActivation;
import io.extauth.challenge.callback.CallbackSignatureRules.Check;
import io.extauth.challenge.callback.CallbackSignatureRules.Verdict;
import io.extauth.challenge.login.PhoneAnswer;
import io.extauth.challenge.login.adapter.ChallengeAnswers;
import io.extauth.challenge.login.adapter.ChallengeDecisions;
import io.extauth.challenge.telephony.adapter.CallbackUrlProperties;
import io.extauth.challenge.telephony.adapter.TelephonyProperties;
import io.extauth.challenge.web.adapter.Problems;
import io.extauth.service.logs.SampledLine;
import io.extauth.service.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import io.extauth.messaging.clock.DatabaseClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The telephony gateway's callbacks: no bearer token (the service kit lets {@code /callbacks/**} through), but an
 * HMAC signature over a timestamp, the path and the exact body, checked before the body is even parsed. A body over
 * {@code extauth.callbacks.max-body-size} is refused before that (the service kit's filter has read it, up to its own
 * 64 KiB limit, into memory). Freshness is judged by the wall clock, not the service's business clock: it is the vendor's clock it is
 * compared with.
 */
@RestController
class CallbackController {

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);
    static final int REFUSALS_LINE_EVERY_SECONDS = 10;

    private final String secret;
    private final CallbackProperties limits;
    private final SeenSignatures seen;
    private final ObjectMapper json;
    private final PhoneFactorActivation verifications;
    private final ChallengeAnswers challenges;
    /** The vendor signs with the real time; a test's clock moves past it ({@link DatabaseClock#realTime}). */
    private final Clock signatureClock;
    /**
     * The path is open to anyone: a refusal is a line every {@value #REFUSALS_LINE_EVERY_SECONDS} s with how many came
     * since, not a line per request (a caller posting unsigned bodies in a loop wrote one line each).
     */
    private final SampledLine refusals = new SampledLine(Duration.ofSeconds(REFUSALS_LINE_EVERY_SECONDS));

    CallbackController(TelephonyProperties properties, CallbackProperties limits, SeenSignatures seen,
            ObjectMapper json, PhoneFactorActivation verifications, ChallengeAnswers challenges, Clock clock) {
        this.secret = properties.callbackSecret();
        this.signatureClock = DatabaseClock.realTime(clock);
        this.limits = limits;
        this.seen = seen;
        this.json = json;
        this.verifications = verifications;
        this.challenges = challenges;
    }

    @PostMapping(CallbackUrlProperties.TELEPHONY_PATH)
    @PublicEndpoint("the telephony gateway's HMAC signature, checked before the body is parsed")
    @Operation(summary = "Signed callback of the telephony gateway: a call answered, an SMS replied, a push acted on")
    // the body is read by hand (bounded, before parsing); documented as the raw bytes it is
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            schema = @Schema(type = "string", format = "byte")))
    // a callback's own problems, in place of those of an endpoint with a bearer token and a JSON body
    @ApiResponse(responseCode = "204", description = "No Content")
    @ApiResponse(responseCode = "400", description = "`unreadable-callback`: a signed body that is not the vendor's "
            + "JSON")
    @ApiResponse(responseCode = "401", description = "`bad-signature`, `replayed-callback`: the signature is "
            + "missing, wrong, stale or seen before")
    @ApiResponse(responseCode = "404", description = "`unknown-reference`: the callback's reference is no challenge "
            + "or phone verification of this service")
    @ApiResponse(responseCode = "413", description = "`callback-too-large`: a body over 8 KiB, before its signature "
            + "is checked (`body-too-large` over 64 KiB, unread)")
    // taken: 204 and nothing else, declared here (also in the OpenAPI document), so MVC has no return value to
    // handle, no content to negotiate and no converter to look for on every phone login (issue 14)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void telephony(HttpServletRequest request,
            // required for the document: not for MVC, whose 400 for a missing header would not be the 401 problem
            // every other bad signature gets
            @Parameter(required = true, description = "`t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "
                    + "<t>.<request path>.<body bytes>>` under the callback secret; missing or wrong is `401 "
                    + "bad-signature`")
            @RequestHeader(value = CallbackSignatureRules.HEADER, required = false) @Nullable String signature)
            throws IOException {
        byte[] bytes = boundedBody(request);
        Check check = CallbackSignatureRules.check(secret, request.getRequestURI(), bytes, signature,
                signatureClock.instant(), limits.signatureTolerance());
        if (!check.genuine()) {
            refusals.happened().ifPresent(since -> log.warn("{} telephony callback(s) refused since the last such "
                    + "line, the latest: {} {}", since, CallbackSignatureRules.HEADER, check.verdict()));
            throw Problems.problem(HttpStatus.UNAUTHORIZED, "bad-signature", refusal(check.verdict()));
        }
        String key = Objects.requireNonNull(check.signature());
        // genuine: the body is read now; a body that cannot be read, or names no reference, is refused before its
        // signature is recorded (as before, when the signature taken was given back on such a refusal)
        TelephonyCallback callback = parse(bytes);
        UUID reference = reference(callback);
        PhoneAnswer answer = new PhoneAnswer(PhoneAnswer.Kind.of(callback.kind()),
                PhoneAnswer.Status.of(callback.status()), callback.keys(), callback.text(), callback.pin(),
                callback.reportFraud());
        // nearly every callback answers a login: its challenge is looked for first, the signature recorded as taken in
        // the statement that locks the challenge's user (a decision that fails takes it back with it), and only a
        // reference that is no challenge's costs the look-up of a verification call (both are random UUIDs)
        ChallengeDecisions.Signed decided = challenges.fromSignedPhone(reference, answer, key,
                Objects.requireNonNull(check.signedAt()));
        if (decided.replayed()) {
            refusals.happened().ifPresent(since -> log.warn("{} telephony callback(s) refused since the last such "
                    + "line, the latest: a replayed signature", since));
            throw Problems.problem(HttpStatus.UNAUTHORIZED, "replayed-callback", "This signature was accepted "
                    + "before: a callback is taken once. Sign a new delivery with the current time.");
        }
        log.debug("Telephony callback {}", callback); // every phone login's: at DEBUG as its contact is
        if (decided.outcome().isPresent()) {
            return;
        }
        try {
            verificationCall(callback, reference);
        } catch (RuntimeException e) {
            seen.forget(key); // not taken: the vendor may deliver it again, as it would after a 5xx
            throw e;
        }
    }

    private void verificationCall(TelephonyCallback callback, UUID reference) {
        if ("CALL".equals(callback.kind()) && verifications.isVerification(reference)) {
            verifications.callAnswered(reference, String.valueOf(callback.status()), callback.keys());
            return;
        }
        throw Problems.notFound("unknown-reference", "No challenge or phone verification has reference "
                + reference + ".");
    }

    /** The body, or a 413 as soon as it is known to be longer than the limit: the rest is never read. */
    private byte[] boundedBody(HttpServletRequest request) throws IOException {
        int max = (int) Math.min(Integer.MAX_VALUE - 1, limits.maxBodySize().toBytes());
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return bytes;
        }
    }

    private static ErrorResponseException tooLarge(int max) {
        return Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "callback-too-large", "A callback body is at most "
                + max + " bytes; this one is longer and was not read.", Map.of("maxBytes", max));
    }

    private static String refusal(Verdict verdict) {
        return switch (verdict) {
            case MALFORMED -> "The " + CallbackSignatureRules.HEADER + " header is missing or is not "
                    + "t=<unix seconds>,v1=<64 hex digits>.";
            case WRONG_SIGNATURE -> "The " + CallbackSignatureRules.HEADER + " header is not the HMAC-SHA256 of "
                    + "\"<t>.<path>.<body>\" under the shared secret.";
            case TOO_OLD -> "The callback's signed timestamp is too old; sign each delivery with the current time.";
            case FROM_THE_FUTURE -> "The callback's signed timestamp is in the future; check the sender's clock.";
            case GENUINE -> throw new IllegalArgumentException("a genuine callback is not refused");
        };
    }

    private TelephonyCallback parse(byte[] body) {
        try {
            return json.readValue(body, TelephonyCallback.class);
        } catch (JacksonException e) {
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

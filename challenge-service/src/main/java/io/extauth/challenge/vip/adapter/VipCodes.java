package io.extauth.challenge.vip.adapter;

import io.extauth.challenge.vip.VipAnswerRules;
import tools.jackson.databind.JsonNode;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.challenge.vendor.adapter.CallLimitReachedException;
import io.extauth.challenge.vendor.adapter.VendorCallLimits;
import io.extauth.challenge.vendor.adapter.CallsInFlight;
import io.extauth.challenge.vendor.adapter.VendorHttpClients;
import io.extauth.challenge.vendor.adapter.VendorThreads;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import io.extauth.challenge.vip.VipAnswerRules.Verdict;
import io.extauth.challenge.vip.VipAnswerRules.VendorFailure;
import io.extauth.challenge.vip.VipAnswerRules.VipAnswer;
import io.extauth.service.vendor.VendorClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import io.extauth.messaging.tracing.EventTracing;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriUtils;

/**
 * Asks Symantec VIP whether a security code is the one the credential shows now. Returns VIP's verdict; anything else
 * (another status, no verdict in the body, a timeout, more validations under way than its bound) is a
 * {@link VendorUnavailableException}: 503, never a strike.
 * Never call it while holding a user's row lock.
 */
@Component
public class VipCodes {

    private static final Logger log = LoggerFactory.getLogger(VipCodes.class);
    private final VendorClient vendor;

    private final CallsInFlight inFlight;

    VipCodes(RestClient.Builder builder, VipProperties properties, VendorCallLimits limits, EventTracing tracing,
            JsonMapper json) {
        this.inFlight = limits.of("symantec-vip", VipProperties.MAX_CALLS_IN_FLIGHT, properties.maxCallsInFlight());
        this.vendor = VendorHttpClients.build(builder, properties.baseUrl(), properties.connectTimeout(),
                properties.readTimeout(), inFlight, tracing, json);
    }

    /**
     * Runs a request's work with VIP (the validation and the record of its verdict) on VIP's own threads ({@link VendorThreads}), leaving the request's thread free until it ends.
     *
     * @throws VendorUnavailableException every one of those threads is busy: nothing was run
     */
    public <T> CompletableFuture<T> offRequestThread(Supplier<T> work) {
        try {
            return inFlight.threads().supply(work);
        } catch (CallLimitReachedException e) {
            throw new VendorUnavailableException("Symantec VIP", e); // logged by the bound, not per call
        }
    }

    /**
     * Whether a failed {@link #validate} may have reached VIP, which then judged the code and so used it: anything but
     * a call the bound refused unmade. The same code sent again is then called used, which the user did not do.
     */
    public static boolean mayHaveJudged(RuntimeException failure) {
        return !(failure.getCause() instanceof CallLimitReachedException);
    }

    /**
     * Whether VIP used the code in giving this verdict: a right code is used once judged, and the same code sent again
     * is called used. A verdict that could not be recorded (its attempt lapsed, the database failed) leaves such a code
     * to be remembered, as a lost answer's is, or the user's next try of it is a strike they did not earn.
     */
    public static boolean tookTheCode(Verdict verdict) {
        return verdict.valid();
    }

    public Verdict validate(String credentialId, String code) {
        VipAnswer answer;
        try {
            // the id encoded as the URI template encoded it, without expanding a template per call
            answer = vendor.client().post().uri(vendor.uri("/vip/credentials/"
                    + UriUtils.encode(credentialId, StandardCharsets.UTF_8) + "/validate"))
                    .contentType(MediaType.APPLICATION_JSON).body(vendor.write(Map.of("code", code)))
                    .exchange((request, response) -> classify(response.getStatusCode().value(),
                            response.getBody().readAllBytes()), true);
        } catch (RestClientException e) {
            if (!(e instanceof CallLimitReachedException)) { // those are logged by the bound, not one line per call
                log.warn("Symantec VIP could not be asked about credential {}: {}", credentialId,
                        e.getClass().getSimpleName());
            }
            throw new VendorUnavailableException("Symantec VIP", e);
        }
        if (answer instanceof VendorFailure failure) {
            log.warn("Symantec VIP gave no verdict on credential {}: {}", credentialId, failure.why());
            throw new VendorUnavailableException("Symantec VIP", null);
        }
        return (Verdict) answer;
    }

    private VipAnswer classify(int status, byte[] body) {
        JsonNode json = parse(body);
        JsonNode valid = json == null ? null : json.get("valid");
        JsonNode reason = json == null ? null : json.get("reason");
        return VipAnswerRules.classify(status, valid != null && valid.isBoolean() ? valid.booleanValue() : null,
                reason != null && reason.isTextual() ? reason.textValue() : null);
    }

    private @Nullable JsonNode parse(byte[] body) {
        try {
            return vendor.read(body, JsonNode.class);
        } catch (RestClientException notJson) {
            return null;
        }
    }
}

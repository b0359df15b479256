package io.extauth.challenge.telephony.adapter;

import tools.jackson.databind.JsonNode;
import io.extauth.challenge.vendor.adapter.CallLimitReachedException;
import io.extauth.challenge.vendor.adapter.CallsInFlight;
import io.extauth.challenge.vendor.adapter.VendorCallLimits;
import io.extauth.challenge.vendor.adapter.VendorHttpClients;
import io.extauth.challenge.vendor.adapter.VendorThreads;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import io.extauth.messaging.tracing.EventTracing;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import io.extauth.service.vendor.VendorClient;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.web.client.RestClientException;

/**
 * Places calls, sends SMS and app pushes; the user's answer comes back later as a signed callback. Bodies go to the
 * HTTP client as bytes (see {@link VendorClient}) and only references and ids are logged: numbers and texts (which carry
 * one-time codes) never reach a log.
 */
@Component
public class TelephonyGateway {

    private static final Logger log = LoggerFactory.getLogger(TelephonyGateway.class);

    private final VendorClient vendor;
    private final CallsInFlight inFlight;
    private final URI calls;
    private final URI texts;
    private final URI pushes;
    private final URI cancellations;
    private final CallbackUrlProperties callbacks;
    private final Environment environment;
    /** The callback URL once its placeholders could be resolved (the server's port is known from its start on). */
    private volatile @Nullable String callbackUrl;

    TelephonyGateway(RestClient.Builder builder, TelephonyProperties properties, TelephonyTimeouts timeouts,
            VendorCallLimits limits, CallbackUrlProperties callbacks, Environment environment, EventTracing tracing,
            JsonMapper json) {
        this.inFlight = limits.of("phonefactor", TelephonyProperties.MAX_CALLS_IN_FLIGHT,
                properties.maxCallsInFlight());
        this.vendor = VendorHttpClients.build(builder, properties.baseUrl(), timeouts.connectTimeout(),
                timeouts.readTimeout(), inFlight, tracing, json);
        this.calls = vendor.uri("/telephony/calls");
        this.texts = vendor.uri("/telephony/sms");
        this.pushes = vendor.uri("/telephony/pushes");
        this.cancellations = vendor.uri("/telephony/cancellations");
        this.callbacks = callbacks;
        this.environment = environment;
    }

    /**
     * Throws {@link VendorUnavailableException} while the gateway already has this instance's bound of calls under way
     * (it hangs, or the bound is too low for the load): a call, text or push now would be refused unmade. Asked before
     * a contact is counted, so that a user who tries again while the gateway hangs is not held to the contact limits
     * for contacts never made.
     */
    public void requireRoom() {
        try {
            inFlight.refuseIfFull();
            inFlight.threads().refuseIfFull();
        } catch (CallLimitReachedException e) {
            throw new VendorUnavailableException("The telephony gateway", e); // logged by the bound, not per call
        }
    }

    /**
     * Runs a request's work with the gateway (its call, text or push and what is recorded of it) on the gateway's own
     * threads ({@link VendorThreads}), leaving the request's thread free until it ends.
     *
     * @throws VendorUnavailableException every one of those threads is busy: nothing was run
     */
    public <T> CompletableFuture<T> offRequestThread(Supplier<T> work) {
        try {
            return inFlight.threads().supply(work);
        } catch (CallLimitReachedException e) {
            throw new VendorUnavailableException("The telephony gateway", e);
        }
    }

    /**
     * Calls {@code to} (E.164, optionally {@code ;ext=}); returns the gateway's call id. The call says {@code message}
     * when it is picked up. It stops ringing at {@code expiresAt}, when the challenge or verification it belongs to is
     * over: an answer after it would count for nothing, and a phone still ringing would invite one.
     */
    public String placeCall(String to, String purpose, String message, String reference, Instant expiresAt) {
        return post(calls, "callId", Map.of("to", to, "purpose", purpose, "message", message, "reference", reference,
                "callbackUrl", callbackUrl(), "expiresAt", expiresAt.toString()));
    }

    /** Texts {@code to}; the text may carry a one-time code, so it is never logged. No reply is taken after {@code expiresAt}. */
    public String sendSms(String to, String text, String reference, Instant expiresAt) {
        return post(texts, "smsId", Map.of("to", to, "text", text, "reference", reference,
                "callbackUrl", callbackUrl(), "expiresAt", expiresAt.toString()));
    }

    public String sendPush(String accountId, String userId, String message, boolean withPin, String reference,
            Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("accountId", accountId);
        body.put("message", message);
        body.put("withPin", withPin);
        body.put("reference", reference);
        body.put("callbackUrl", callbackUrl());
        body.put("expiresAt", expiresAt.toString());
        return post(pushes, "pushId", body);
    }

    /**
     * Withdraws every call, SMS and push of {@code reference} the user has not acted on: the challenge or verification
     * is over, so the phone stops ringing and an answer is refused at the gateway. Best effort: returns false when the
     * gateway could not be told (logged), and never throws, since nothing of extauth's depends on it.
     */
    public boolean cancelContacts(String reference) {
        try {
            JsonNode answer = vendor.post(cancellations, Map.of("reference", reference), JsonNode.class);
            log.debug("Telephony contacts of reference {} cancelled: {}", reference,
                    answer == null ? "?" : answer.path("cancelled").asText());
            return true;
        } catch (RestClientException e) {
            log.warn("Telephony contacts of reference {} not cancelled: {}", reference, e.getClass().getSimpleName());
            return false;
        }
    }

    /** The vendor's statuses of a call ({@code ANSWERED}), text ({@code REPLIED}) or push the user acted on. */
    private static final java.util.Set<String> USER_ACTED = java.util.Set.of("ANSWERED", "REPLIED", "APPROVED",
            "DENIED");
    /**
     * The vendor's statuses of a contact that reached the phone and that the user did not act on: ringing or sent,
     * over, or withdrawn. Only these are {@link ContactStatus#DELIVERED}, the word on which an unanswered challenge is
     * a strike; a status the contract does not name (a carrier's {@code UNDELIVERABLE}, say) is no proof that the
     * user was reached.
     */
    private static final java.util.Set<String> REACHED = java.util.Set.of("RINGING", "UNANSWERED", "EXPIRED",
            "CANCELLED", "SENT", "PENDING");

    /** What the vendor says of the contact placed for a reference. */
    public enum ContactStatus {
        /** It reached the phone (ringing, unanswered or over) and the vendor has no act of the user to report. */
        DELIVERED,
        /**
         * The user acted on it ({@code ANSWERED}, {@code REPLIED}, {@code APPROVED}, {@code DENIED}): what they did
         * is in the vendor's callback, which may still be on its way (retried for minutes when it could not be taken).
         */
        ACTED,
        /** The vendor lost it ({@code FAILED}: an outage cut it). */
        FAILED,
        /** A status the contract does not name: nobody can say the user was reached. */
        UNRECOGNISED,
        /** The vendor holds no contact for the reference. */
        UNKNOWN
    }

    /**
     * Asks the vendor what became of the call, text or push placed for {@code reference} (the challenge id):
     * {@code GET /telephony/contacts/{reference}}, a 404 when it holds none. Throws {@link VendorUnavailableException}
     * when it cannot tell.
     */
    public ContactStatus contactStatus(String reference) {
        try {
            return vendor.client().get().uri("/telephony/contacts/{reference}", reference).exchange((request, response) -> {
                int code = response.getStatusCode().value();
                if (code == 404) {
                    String problem = response.bodyTo(String.class);
                    if (problem != null && problem.contains("CONTACT_UNKNOWN")) {
                        return ContactStatus.UNKNOWN; // nothing was placed for the reference
                    }
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new RestClientException("status " + code);
                }
                JsonNode answer = response.bodyTo(JsonNode.class);
                if (answer == null || !answer.hasNonNull("status")) {
                    throw new RestClientException("no status in the answer");
                }
                String status = answer.get("status").asText();
                return "FAILED".equals(status) ? ContactStatus.FAILED
                        : USER_ACTED.contains(status) ? ContactStatus.ACTED
                        : REACHED.contains(status) ? ContactStatus.DELIVERED : ContactStatus.UNRECOGNISED;
            });
        } catch (RestClientException e) {
            if (!(e instanceof CallLimitReachedException)) {
                log.warn("Telephony status for reference {} failed: {}", reference, e.getClass().getSimpleName());
            }
            throw new VendorUnavailableException("The telephony gateway", e);
        }
    }

    private String post(URI uri, String idField, Map<String, ?> body) {
        String path = uri.getPath();
        try {
            JsonNode answer = vendor.post(uri, body, JsonNode.class);
            if (answer == null || !answer.hasNonNull(idField)) {
                throw new RestClientException("no " + idField + " in the answer");
            }
            String id = answer.get(idField).asText();
            // every login's contact: on the topics already, a line each was ~5% of the request threads (README, logs)
            log.debug("Telephony {} {} for reference {}", path, id, body.get("reference"));
            return id;
        } catch (RestClientException e) {
            if (!(e instanceof CallLimitReachedException)) { // those are logged by the bound, not one line per call
                // the exception's message may quote the gateway's answer, which may quote the request: its type only
                log.warn("Telephony {} for reference {} failed: {}", path, body.get("reference"),
                        e.getClass().getSimpleName());
            }
            throw new VendorUnavailableException("The telephony gateway", e);
        }
    }

    /** Resolved at the first call, not per call: placeholders such as {@code ${local.server.port}} are known by then. */
    private String callbackUrl() {
        String resolved = callbackUrl;
        if (resolved == null) {
            resolved = environment.resolveRequiredPlaceholders(callbacks.baseUrl()) + CallbackUrlProperties.TELEPHONY_PATH;
            callbackUrl = resolved;
        }
        return resolved;
    }
}

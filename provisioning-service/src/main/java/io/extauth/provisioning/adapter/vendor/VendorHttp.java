package io.extauth.provisioning.adapter.vendor;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import java.net.URI;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls a vendor and sorts what can go wrong: 4xx is the vendor refusing for good ({@link VendorAnswer.Refused} with
 * the problem's {@code code} and {@code detail}); 5xx, 408, 429, timeouts and refused connections are transient
 * ({@link VendorUnavailableException}, which the provisioning worker retries later with back-off).
 */
class VendorHttp {

    private final RestClient observed;
    private final RestClient unobserved;
    private final EventTracing tracing;
    private final String baseUrl;
    private final JsonMapper json;

    /**
     * @param observed   the client with Boot's observation: a client span (and {@code http.client.requests} timer)
     *                   per call
     * @param unobserved the same client without observation, sending the current {@code traceparent} if there is one
     * @param baseUrl    where the vendor's API is, as both clients have it
     * @param json       writes the request bodies and reads the answers (Boot's, as its JSON converter would)
     */
    VendorHttp(RestClient observed, RestClient unobserved, EventTracing tracing, URI baseUrl, JsonMapper json) {
        this.observed = observed;
        this.unobserved = unobserved;
        this.tracing = tracing;
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.json = json;
    }

    /** The address of a path of the vendor's API, once, instead of expanding a URI template per call. */
    URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /**
     * POSTs the body as JSON and reads the JSON answer ({@code null} when it has none): written and read here with one
     * mapper instead of through the client's message converters, whose search for a converter that can write the body
     * and one that can read the answer cost more than the JSON itself. Refusals and failures are the client's
     * exceptions, as before; an answer that is no such JSON is a {@link RestClientException} (unreadable).
     */
    <T> @Nullable T post(URI uri, Object body, Class<T> answer) {
        byte[] answered = client().post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body)).retrieve().body(byte[].class);
        if (answered == null || answered.length == 0) {
            return null;
        }
        try {
            return json.readValue(answered, answer);
        } catch (JacksonException e) {
            throw new RestClientException("the answer is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The client for a call from this thread: the observed one only when its span could be recorded. The worker calls
     * the vendors on its own threads, in no trace, and new traces are not sampled unless spans are exported: there
     * an observation per call built a span nobody records and a timer nothing reads, a sixth of the worker's CPU.
     */
    RestClient client() {
        return tracing.spanHereMayBeRecorded() ? observed : unobserved;
    }

    VendorAnswer call(String vendor, String action, Supplier<VendorAnswer> call) {
        try {
            return call.get();
        } catch (HttpStatusCodeException e) {
            if (isTransient(e)) {
                throw new VendorUnavailableException(vendor + " could not " + action + " now: " + e.getStatusCode()
                        + " " + reason(e), e);
            }
            return new VendorAnswer.Refused(reason(e));
        } catch (ResourceAccessException e) {
            throw new VendorUnavailableException(vendor + " could not be reached to " + action + ": " + e.getMessage(),
                    e);
        } catch (RestClientException e) {
            throw new VendorUnavailableException(vendor + " gave an unreadable answer to " + action + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isTransient(HttpStatusCodeException e) {
        return e.getStatusCode().is5xxServerError() || e.getStatusCode().value() == HttpStatus.REQUEST_TIMEOUT.value()
                || e.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value();
    }

    /** The vendor's own words: {@code CODE: detail} from its problem response, or the status when it sent none. */
    static String reason(HttpStatusCodeException e) {
        @Nullable JsonNode problem = null;
        try {
            problem = e.getResponseBodyAs(JsonNode.class);
        } catch (RuntimeException unreadable) {
            // not JSON: fall back to the status
        }
        String code = text(problem, "code");
        String detail = text(problem, "detail");
        if (code == null && detail == null) {
            return "HTTP " + e.getStatusCode().value();
        }
        if (code == null) {
            return detail;
        }
        return detail == null ? code : code + ": " + detail;
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

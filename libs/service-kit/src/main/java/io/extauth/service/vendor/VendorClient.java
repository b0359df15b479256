package io.extauth.service.vendor;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A vendor's HTTP API as the services call it: Boot's client observation only where its span could be recorded, the
 * addresses built once, and JSON written and read with one mapper instead of through the client's message converters.
 * <p>
 * Vendors are called from worker threads in no trace and from request threads in an unsampled one, and new traces are
 * not sampled without an OTLP endpoint: there an observation per call built a span nobody records and an
 * {@code http.client.requests} timer nothing reads. So a call uses an unobserved twin of the client unless
 * {@link EventTracing#spanHereMayBeRecorded()}; the twin still sends the current {@code traceparent} when a trace is
 * current, as the observation would have. Bodies go to the client as bytes: Spring's clients log a body's
 * {@code toString} at DEBUG, and a byte array's says nothing of the codes, numbers and addresses in it.
 */
public final class VendorClient {

    private final RestClient observed;
    private final RestClient unobserved;
    private final EventTracing tracing;
    private final String baseUrl;
    private final JsonMapper json;

    private VendorClient(RestClient observed, RestClient unobserved, EventTracing tracing, String baseUrl,
            JsonMapper json) {
        this.observed = observed;
        this.unobserved = unobserved;
        this.tracing = tracing;
        this.baseUrl = baseUrl;
        this.json = json;
    }

    /**
     * @param configured the vendor's client as it should be when observed (Boot's builder, its request factory with
     *                   the vendor's timeouts); its base URL is set here
     * @param baseUrl    where the vendor's API is
     * @param tracing    the messaging kit's ({@link EventTracing#NONE} where there is none: no call observed)
     * @param json       writes the request bodies and reads the answers (Boot's, as its JSON converter has it)
     */
    public static VendorClient of(RestClient.Builder configured, URI baseUrl, EventTracing tracing, JsonMapper json) {
        String base = baseUrl.toString();
        RestClient.Builder client = configured.clone().baseUrl(base);
        // what the observation would send when its span is not recorded: the current trace's ids, if any
        RestClient unobserved = client.clone().observationRegistry(ObservationRegistry.NOOP)
                .defaultRequest(request -> {
                    String traceparent = tracing.currentTraceparent();
                    if (traceparent != null) {
                        request.header(EventTracing.TRACEPARENT, traceparent);
                    }
                }).build();
        return new VendorClient(client.build(), unobserved, tracing,
                base.endsWith("/") ? base.substring(0, base.length() - 1) : base, json);
    }

    /** The address of a path of the vendor's API ({@code /...}, encoded already), instead of a URI template per call. */
    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** The client for a call from this thread: the observed one only when its span could be recorded. */
    public RestClient client() {
        return tracing.spanHereMayBeRecorded() ? observed : unobserved;
    }

    /** The JSON bytes of a request body. */
    public byte[] write(Object body) {
        return json.writeValueAsBytes(body);
    }

    /** An answer's JSON ({@code null} when it has none); no such JSON is a {@link RestClientException}. */
    public <T> @Nullable T read(byte @Nullable [] answer, Class<T> type) {
        if (answer == null || answer.length == 0) {
            return null;
        }
        try {
            return json.readValue(answer, type);
        } catch (JacksonException e) {
            throw new RestClientException("the answer is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * POSTs the body as JSON and reads the JSON answer ({@code null} when it has none): the client's search for a
     * converter that can write the body and one that can read the answer cost more than the JSON itself. Refusals and
     * failures are the client's exceptions; an answer that is no such JSON is a {@link RestClientException}.
     */
    public <T> @Nullable T post(URI uri, Object body, Class<T> answer) {
        return read(client().post().uri(uri).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .body(write(body)).retrieve().body(byte[].class), answer);
    }
}

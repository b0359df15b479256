package io.extauth.simulator.callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.extauth.simulator.Problems;
import io.extauth.simulator.SimulatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Delivers a callback synchronously, so whoever plays the user sees a failing receiver at once: a failure is a 502
 * problem, and the caller leaves the call, SMS or push as it was so it can be acted on again.
 */
@Component
public class CallbackSender {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

    private final RestClient http;
    private final ObjectMapper json;
    private final String secret;
    private final Clock clock = Clock.systemUTC();

    CallbackSender(RestClient.Builder builder, ObjectMapper json, SimulatorProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.callbackTimeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.callbackTimeout());
        this.http = builder.requestFactory(requests).build();
        this.json = json;
        this.secret = properties.callbackSecret();
    }

    public void deliver(String callbackUrl, Callback callback) {
        byte[] body = serialize(callback);
        try {
            http.post()
                    .uri(callbackUrl)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(CallbackSignature.HEADER, CallbackSignature.sign(secret, clock.instant(), path(callbackUrl), body))
                    .body(body)
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientException | IllegalArgumentException e) {
            log.warn("Callback {} {} {} to {} failed: {}", callback.kind(), callback.id(), callback.status(),
                    callbackUrl, e.getClass().getSimpleName());
            throw Problems.problem(HttpStatus.BAD_GATEWAY, "CALLBACK_FAILED", "The callback to " + callbackUrl
                    + " failed (" + why(e) + "). Nothing changed: fix the receiver and act again.");
        }
        log.info("Callback {} {} {} delivered to {}", callback.kind(), callback.id(), callback.status(), callbackUrl);
    }

    /** The path the receiver sees, which the signature covers; a URL without one is posted to "/". */
    private static String path(String callbackUrl) {
        String path = URI.create(callbackUrl).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String why(RuntimeException failure) {
        if (failure instanceof RestClientResponseException response) {
            return "it answered " + response.getStatusCode().value();
        }
        Throwable cause = failure instanceof RestClientException client ? client.getMostSpecificCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private byte[] serialize(Callback callback) {
        try {
            return json.writeValueAsBytes(callback);
        } catch (JacksonException e) {
            throw new IllegalStateException("A callback is always serializable", e);
        }
    }
}

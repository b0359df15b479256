package io.extauth.simulator.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.extauth.simulator.Problems;
import io.extauth.simulator.SimulatorProperties;
import io.extauth.simulator.SimulatorReset;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Delivers a callback as a telephony vendor does. The first attempt is made while whoever plays the user waits: taken,
 * the action is done; refused with a 4xx, the action fails with a 502 problem and the call, SMS or push stays as it
 * was (fix the receiver and act again). When the receiver could not take it (no connection, no answer in time, a 5xx:
 * e.g. the instance that placed the call was killed), the action is done all the same (the user did act) and the
 * callback is delivered again in the background by {@link CallbackRetryRules}, each attempt signed afresh with the
 * time it is sent. Retries pending are held in memory: a restarted simulator has none.
 */
@Component
public class CallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

    // the JDK client's blocking send on the caller's thread: through Spring's JdkClientHttpRequestFactory (sendAsync)
    // every callback started two threads, a body writer and a completion thread (on a machine of two cores or fewer)
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final String secret;
    private final CallbackRetryRules retry;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, work -> {
        Thread thread = new Thread(work, "callback-retry");
        thread.setDaemon(true);
        return thread;
    });
    /** Moved on by a reset: retries of callbacks from before it are dropped. */
    private final AtomicLong generation = new AtomicLong();

    CallbackSender(ObjectMapper json, SimulatorProperties properties, CallbackRetryProperties retry) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.callbackTimeout())
                .build();
        this.timeout = properties.callbackTimeout();
        this.json = json;
        this.secret = properties.callbackSecret();
        this.retry = retry.rules();
    }

    /**
     * Delivers the callback of a user's action on a contact that ends at {@code contactExpiresAt} (null: never);
     * throws a 502 problem only when the receiver refused it.
     */
    public void deliver(String callbackUrl, Callback callback, @Nullable Instant contactExpiresAt) {
        byte[] body = serialize(callback);
        Attempt first = attempt(callbackUrl, body);
        if (first.delivered()) {
            log.info("Callback {} {} {} delivered to {}", callback.kind(), callback.id(), callback.status(), callbackUrl);
            return;
        }
        if (!first.retryable()) {
            log.warn("Callback {} {} {} to {} refused: {}", callback.kind(), callback.id(), callback.status(),
                    callbackUrl, first.why());
            throw Problems.problem(HttpStatus.BAD_GATEWAY, "CALLBACK_FAILED", "The callback to " + callbackUrl
                    + " was refused (" + first.why() + "). Nothing changed: fix the receiver and act again.");
        }
        Instant now = clock.instant();
        Pending pending = new Pending(callbackUrl, callback, body, 1, retry.giveUpAt(now, contactExpiresAt),
                generation.get());
        log.warn("Callback {} {} {} to {} not taken ({}): delivered again until {}", callback.kind(), callback.id(),
                callback.status(), callbackUrl, first.why(), pending.giveUpAt());
        scheduleAfter(pending, now);
    }

    /**
     * Delivers a status the gateway reports on its own, with nobody waiting (a contact an outage cut): every attempt in
     * the background, the first at once, retried as a callback the receiver could not take; a refusal is logged.
     */
    public void report(String callbackUrl, Callback callback, @Nullable Instant contactExpiresAt) {
        Instant now = clock.instant();
        Pending pending = new Pending(callbackUrl, callback, serialize(callback), 0,
                retry.giveUpAt(now, contactExpiresAt), generation.get());
        retries.execute(() -> deliverAgain(pending));
    }

    /** A callback still to be delivered, after {@code attempts} failed ones. */
    private record Pending(String url, Callback callback, byte[] body, int attempts, Instant giveUpAt, long generation) {
    }

    /** @param status the receiver's answer, 0 when there was none */
    private record Attempt(int status, boolean retryable, String why) {

        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private void scheduleAfter(Pending pending, Instant failedAt) {
        Optional<Instant> next = retry.nextAttempt(failedAt, pending.attempts(), pending.giveUpAt());
        if (next.isEmpty()) {
            log.warn("Callback {} {} {} to {} given up after {} attempts: not taken by {}", pending.callback().kind(),
                    pending.callback().id(), pending.callback().status(), pending.url(), pending.attempts(),
                    pending.giveUpAt());
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
        retries.schedule(() -> deliverAgain(pending), delay, TimeUnit.MILLISECONDS);
    }

    private void deliverAgain(Pending pending) {
        if (pending.generation() != generation.get()) {
            return;
        }
        Callback callback = pending.callback();
        int attempt = pending.attempts() + 1;
        try {
            Attempt again = attempt(pending.url(), pending.body());
            if (again.delivered()) {
                log.info("Callback {} {} {} delivered to {} on attempt {}", callback.kind(), callback.id(),
                        callback.status(), pending.url(), attempt);
            } else if (!again.retryable()) {
                log.warn("Callback {} {} {} to {} refused on attempt {} ({}): not delivered again", callback.kind(),
                        callback.id(), callback.status(), pending.url(), attempt, again.why());
            } else {
                scheduleAfter(new Pending(pending.url(), callback, pending.body(), attempt, pending.giveUpAt(),
                        pending.generation()), clock.instant());
            }
        } catch (RuntimeException e) {
            log.error("Callback {} {} {} to {}: attempt {} failed unexpectedly, not delivered again", callback.kind(),
                    callback.id(), callback.status(), pending.url(), attempt, e);
        }
    }

    /** One POST, signed with the time it is sent. */
    private Attempt attempt(String callbackUrl, byte[] body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl))
                    .timeout(timeout)
                    .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                    .header(CallbackSignature.HEADER, CallbackSignature.sign(secret, clock.instant(), path(callbackUrl), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Attempt(status, CallbackRetryRules.retries(status), "it answered " + status);
        } catch (IOException e) {
            return new Attempt(0, true, why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, true, why(e));
        } catch (IllegalArgumentException e) {
            return new Attempt(0, false, why(e));
        }
    }

    @EventListener(SimulatorReset.class)
    public void dropPendingRetries() {
        generation.incrementAndGet();
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

    /** The path the receiver sees, which the signature covers; a URL without one is posted to "/". */
    private static String path(String callbackUrl) {
        String path = URI.create(callbackUrl).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String why(Throwable cause) {
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

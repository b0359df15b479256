package io.extauth.simulator.callback;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.extauth.simulator.Problems;
import io.extauth.simulator.SimulatorProperties;
import io.extauth.simulator.SimulatorReset;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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
 * <p>
 * Every thread that takes part is the simulator's and named so (the local stack runs it in one JVM with the services,
 * and the bench tells their CPU apart by thread name): an attempt runs on the thread that makes it, a Tomcat thread of
 * the simulator's or a {@code simulator-callback-retry} thread, through Apache HttpClient's classic client; the JDK
 * client it replaced ran every exchange on its own {@code HttpClient-N-*} selector and worker threads besides.
 */
@Component
public class CallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

    private static final ContentType JSON = ContentType.create(MediaType.APPLICATION_JSON_VALUE);

    private final CloseableHttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final String secret;
    private final CallbackRetryRules retry;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor retries = daemons(2, "simulator-callback-retry");
    /** Cuts an attempt still going when its time is up; apart from the retries, which may all be in attempts. */
    private final ScheduledThreadPoolExecutor deadlines = daemons(1, "simulator-callback-deadline");
    /** Moved on by a reset: retries of callbacks from before it are dropped. */
    private final AtomicLong generation = new AtomicLong();

    CallbackSender(ObjectMapper json, SimulatorProperties properties, CallbackRetryProperties retry) {
        this.http = client(properties.callbackTimeout());
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

    /**
     * One POST, signed with the time it is sent, on this thread; cut when the callback timeout has passed since it
     * began, however slowly the receiver answers. An address no request can be sent to is refused.
     */
    private Attempt attempt(String callbackUrl, byte[] body) {
        URI uri;
        try {
            uri = target(callbackUrl);
        } catch (IllegalArgumentException e) {
            return new Attempt(0, false, why(e));
        }
        HttpPost request = new HttpPost(uri);
        request.setHeader(CallbackSignature.HEADER, CallbackSignature.sign(secret, clock.instant(), path(uri), body));
        request.setEntity(new ByteArrayEntity(body, JSON));
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = http.execute(request, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            return new Attempt(status, CallbackRetryRules.retries(status), "it answered " + status);
        } catch (IOException e) {
            // no connection, no answer in time, cut at the deadline (RequestFailedException), a broken answer
            return new Attempt(0, true, why(e));
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Apache HttpClient's classic client, which makes each request on the caller's thread over a kept-alive
     * connection. As the JDK client it replaced: the timeout for connecting and for each wait on the receiver, the
     * JVM's proxy selector and TLS defaults, a connection per caller, no automatic retry (each attempt is signed
     * afresh, and when to try again is {@link CallbackRetryRules}'), no redirect, cookie or compression.
     */
    private static CloseableHttpClient client(Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // a PIN or an SMS's text in a callback reaches no log, whatever the level
                        .setConnectionFactory(new UnloggedConnections())
                        .setMaxConnTotal(Integer.MAX_VALUE).setMaxConnPerRoute(Integer.MAX_VALUE)
                        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit)
                                // a connection idle this long may have been closed by the receiver: checked first
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit)
                        .setConnectionRequestTimeout(limit).setProtocolUpgradeEnabled(false).build())
                .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableContentCompression().disableAuthCaching().disableConnectionState()
                .build();
    }

    private static ScheduledThreadPoolExecutor daemons(int threads, String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @EventListener(SimulatorReset.class)
    public void dropPendingRetries() {
        generation.incrementAndGet();
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
        deadlines.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }

    /** The callback's address, when a request can be sent to it: http or https, and a host. */
    private static URI target(String callbackUrl) {
        URI uri = URI.create(callbackUrl);
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + callbackUrl);
        }
        return uri;
    }

    /** The path the receiver sees, which the signature covers; a URL without one is posted to "/". */
    private static String path(URI callbackUrl) {
        String path = callbackUrl.getRawPath();
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

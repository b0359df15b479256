package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.vendor.VendorClient;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vendor HTTP clients with connect and read timeouts: a vendor that hangs holds the thread of a call (one of its
 * own {@link VendorThreads}, for a request's call) at most their sum, and at most its {@link CallsInFlight} bound of
 * calls at once.
 * The client retries no request on its own (a retried VIP validation could burn the user's code, a retried call ring
 * twice), follows no redirect, keeps no cookies and asks for no compressed answers, as the JDK client it replaced.
 * Each request runs on the caller's thread over a kept-alive connection ({@link PooledBlockingRequests}): no thread
 * of the client's own takes part. The client is observed only where its span could be recorded
 * ({@link VendorClient}): the login's calls run on the vendors' threads in the request's unsampled trace, and still
 * send its {@code traceparent}.
 */
public final class VendorHttpClients {

    private VendorHttpClients() {
    }

    public static VendorClient build(RestClient.Builder builder, String baseUrl, Duration connectTimeout,
            Duration readTimeout, CallsInFlight calls, EventTracing tracing, JsonMapper json) {
        return build(builder, baseUrl, connectTimeout, readTimeout, calls, tracing, json, ProxySelector.getDefault());
    }

    static VendorClient build(RestClient.Builder builder, String baseUrl, Duration connectTimeout, Duration readTimeout,
            CallsInFlight calls, EventTracing tracing, JsonMapper json, @Nullable ProxySelector proxies) {
        URI base = URI.create(baseUrl);
        Timeout read = Timeout.of(readTimeout);
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // nothing that passes over a connection reaches a log, whatever the level
                        .setConnectionFactory(new UnloggedConnections())
                        // as many connections as callers, as the JDK client had: no request waits for another's
                        .setMaxConnTotal(Integer.MAX_VALUE).setMaxConnPerRoute(Integer.MAX_VALUE)
                        // TLS as the JDK client had it: the JVM's default context (the javax.net.ssl.* key and trust
                        // stores) and JSSE's host name check; https.protocols and https.cipherSuites narrow it if set
                        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(read)
                                // a connection idle this long may have been closed by the vendor: checked first
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read)
                        .setConnectionRequestTimeout(read).setProtocolUpgradeEnabled(false).build())
                .setRoutePlanner(new SystemDefaultRoutePlanner(askedOnce(proxies, base)))
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableContentCompression().disableAuthCaching().disableConnectionState()
                .build();
        return VendorClient.of(builder.clone().requestFactory(new PooledBlockingRequests(client, readTimeout, calls)),
                base,
                tracing, json);
    }

    /**
     * The proxy the JVM's selector gives for the vendor's address ({@code http.proxyHost}, {@code http.nonProxyHosts}
     * or a deployment's own selector), asked once when the client is built: left to the client, the selector is asked
     * on every request, which reads the proxy properties and matches the non-proxy patterns each time.
     */
    static ProxySelector askedOnce(@Nullable ProxySelector selector, URI baseUrl) {
        List<Proxy> answer = selector == null ? List.of(Proxy.NO_PROXY) : List.copyOf(selector.select(baseUrl));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return answer;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                if (selector != null) {
                    selector.connectFailed(uri, address, failure);
                }
            }
        };
    }
}

package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.vendor.VendorClient;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vendor HTTP clients with connect and read timeouts: a vendor that hangs costs a request thread at most their sum.
 * The JDK client retries no POST on its own (a retried VIP validation could burn the user's code) and logs no wire
 * data through the application's logging. Each request runs on the caller's thread ({@link BlockingJdkRequests}): none
 * starts a thread of its own. The client is observed only where its span could be recorded ({@link VendorClient}):
 * the login's calls come from request threads in an unsampled trace, which still send their {@code traceparent}.
 */
public final class VendorHttpClients {

    private VendorHttpClients() {
    }

    public static VendorClient build(RestClient.Builder builder, String baseUrl, Duration connectTimeout,
            Duration readTimeout, EventTracing tracing, JsonMapper json) {
        return build(builder, baseUrl, connectTimeout, readTimeout, tracing, json, ProxySelector.getDefault());
    }

    static VendorClient build(RestClient.Builder builder, String baseUrl, Duration connectTimeout, Duration readTimeout,
            EventTracing tracing, JsonMapper json, @Nullable ProxySelector proxies) {
        URI base = URI.create(baseUrl);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .proxy(askedOnce(proxies, base)).build();
        return VendorClient.of(builder.clone().requestFactory(new BlockingJdkRequests(client, readTimeout)), base,
                tracing, json);
    }

    /**
     * The proxy the JVM's selector gives for the vendor's address ({@code http.proxyHost}, {@code http.nonProxyHosts}
     * or a deployment's own selector), asked once when the client is built: left to the JDK client, the selector is
     * asked on every request, which reads the proxy properties and matches the non-proxy patterns each time.
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

package io.extauth.provisioning.adapter.vendor;

import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.vendor.VendorClient;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** One HTTP client per vendor, each with its own address and timeouts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VendorProperties.class)
class VendorClientConfiguration {

    @Bean
    PhoneFactorGateway phoneFactorGateway(RestClient.Builder builder, VendorProperties properties,
            ObjectProvider<EventTracing> tracing, ObjectProvider<JsonMapper> json) {
        return new PhoneFactorGateway(http(builder, properties.phonefactor(), tracing(tracing), json(json)));
    }

    @Bean
    SymantecVipGateway symantecVipGateway(RestClient.Builder builder, VendorProperties properties,
            ObjectProvider<EventTracing> tracing, ObjectProvider<JsonMapper> json) {
        return new SymantecVipGateway(http(builder, properties.symantecVip(), tracing(tracing), json(json)));
    }

    /** The messaging kit's (the service always has one); without it no call is observed. */
    private static EventTracing tracing(ObjectProvider<EventTracing> tracing) {
        return tracing.getIfAvailable(() -> EventTracing.NONE);
    }

    /** Boot's, as its JSON converter has it (the service always has one). */
    private static JsonMapper json(ObjectProvider<JsonMapper> json) {
        return json.getIfAvailable(JsonMapper::new);
    }

    static VendorHttp http(RestClient.Builder builder, VendorProperties.Endpoint vendor, EventTracing tracing,
            JsonMapper json) {
        URI baseUrl = vendor.baseUrl();
        BufferedUrlConnectionRequests requests = new BufferedUrlConnectionRequests(
                proxyOf(ProxySelector.getDefault(), baseUrl), vendor.connectTimeout(), vendor.readTimeout());
        return new VendorHttp(VendorClient.of(builder.clone().requestFactory(requests), baseUrl, tracing, json));
    }

    /**
     * The proxy the JVM's selector gives for the vendor's address ({@code http.proxyHost}, {@code http.nonProxyHosts}
     * or a selector of the deployment's), asked once at start: left to HttpURLConnection it asks the selector on every
     * call, which reads the proxy properties and matches the non-proxy patterns each time.
     */
    static Proxy proxyOf(@Nullable ProxySelector selector, URI baseUrl) {
        List<Proxy> proxies = selector == null ? List.of() : selector.select(baseUrl);
        return proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
    }
}

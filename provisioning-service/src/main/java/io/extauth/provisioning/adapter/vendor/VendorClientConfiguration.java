package io.extauth.provisioning.adapter.vendor;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** One HTTP client per vendor, each with its own address and timeouts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VendorProperties.class)
class VendorClientConfiguration {

    @Bean
    PhoneFactorGateway phoneFactorGateway(RestClient.Builder builder, VendorProperties properties,
            EventTracing tracing) {
        return new PhoneFactorGateway(http(builder, properties.phonefactor(), tracing));
    }

    @Bean
    SymantecVipGateway symantecVipGateway(RestClient.Builder builder, VendorProperties properties,
            EventTracing tracing) {
        return new SymantecVipGateway(http(builder, properties.symantecVip(), tracing));
    }

    static VendorHttp http(RestClient.Builder builder, VendorProperties.Endpoint vendor, EventTracing tracing) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(vendor.connectTimeout());
        requests.setReadTimeout(vendor.readTimeout());
        RestClient.Builder client = builder.clone().baseUrl(vendor.baseUrl().toString()).requestFactory(requests);
        // what the observation would send when its span is not recorded: the current trace's ids, if any
        RestClient unobserved = client.clone().observationRegistry(ObservationRegistry.NOOP)
                .defaultRequest(request -> {
                    String traceparent = tracing.currentTraceparent();
                    if (traceparent != null) {
                        request.header(EventTracing.TRACEPARENT, traceparent);
                    }
                }).build();
        return new VendorHttp(client.build(), unobserved, tracing);
    }
}

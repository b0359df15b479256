package io.extauth.provisioning.adapter.vendor;

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
    PhoneFactorGateway phoneFactorGateway(RestClient.Builder builder, VendorProperties properties) {
        return new PhoneFactorGateway(http(builder, properties.phonefactor()));
    }

    @Bean
    SymantecVipGateway symantecVipGateway(RestClient.Builder builder, VendorProperties properties) {
        return new SymantecVipGateway(http(builder, properties.symantecVip()));
    }

    private static VendorHttp http(RestClient.Builder builder, VendorProperties.Endpoint vendor) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(vendor.connectTimeout());
        requests.setReadTimeout(vendor.readTimeout());
        return new VendorHttp(builder.clone().baseUrl(vendor.baseUrl().toString()).requestFactory(requests).build());
    }
}

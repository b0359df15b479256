package io.extauth.provisioning.adapter.vendor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VendorProperties.class)
class VendorClientConfiguration {

    @Bean
    VendorHttp vendorHttp(RestClient.Builder builder, VendorProperties properties) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.connectTimeout());
        requests.setReadTimeout(properties.readTimeout());
        return new VendorHttp(builder.clone().baseUrl(properties.baseUrl().toString()).requestFactory(requests).build());
    }
}

package io.extauth.challenge.telephony.adapter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway reaches this service ({@code extauth.callbacks.*}).
 *
 * @param baseUrl this service's base URL as the gateway sees it; placeholders such as
 *        {@code ${local.server.port}} are resolved at each call, so tests on a random port can use them
 */
@ConfigurationProperties("extauth.callbacks")
public record CallbackUrlProperties(@DefaultValue("http://127.0.0.1:8083") String baseUrl) {

    public static final String TELEPHONY_PATH = "/callbacks/telephony";
}

package io.extauth.challenge.vendor.adapter;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.web.client.RestClient;

/**
 * Vendor HTTP clients with connect and read timeouts: a vendor that hangs costs a request thread at most their sum.
 * The JDK client retries no POST on its own (a retried VIP validation could burn the user's code) and logs no wire
 * data through the application's logging. Each request runs on the caller's thread ({@link BlockingJdkRequests}): none
 * starts a thread of its own.
 */
public final class VendorHttpClients {

    private VendorHttpClients() {
    }

    public static RestClient build(RestClient.Builder builder, String baseUrl, Duration connectTimeout,
            Duration readTimeout) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        return builder.clone().baseUrl(baseUrl).requestFactory(new BlockingJdkRequests(client, readTimeout)).build();
    }
}

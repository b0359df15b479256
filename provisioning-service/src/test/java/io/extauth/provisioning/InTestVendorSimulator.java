package io.extauth.provisioning;

import io.extauth.simulator.VendorSimulatorApplication;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/** The vendor simulator, started once per test JVM on a random port, as the vendors the service talks to. */
final class InTestVendorSimulator {

    /** The simulator shares the service's classpath; without these it would start the service's infrastructure too. */
    private static final String EXCLUDES = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "io.extauth.service.security.SecurityAutoConfiguration",
            "io.extauth.messaging.MessagingAutoConfiguration");

    private static ConfigurableApplicationContext simulator;

    private InTestVendorSimulator() {
    }

    static synchronized String baseUrl() {
        if (simulator == null) {
            simulator = new SpringApplicationBuilder(VendorSimulatorApplication.class).run("--server.port=0",
                    "--extauth.embedded-postgres.enabled=false", "--springwolf.enabled=false",
                    "--simulator.callback-secret=" + io.extauth.testsupport.TestDefaults.CALLBACK_SECRET,
                    "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
                    "--spring.autoconfigure.exclude=" + EXCLUDES);
        }
        int port = ((WebServerApplicationContext) simulator).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }

    static RestClient client() {
        String baseUrl = baseUrl();
        // Boot's builder: its JSON converter is the one the simulator answers with (Jackson 2, like our trees)
        return simulator.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
    }

    static void outage(boolean down) {
        faults(0, down);
    }

    /** Every provisioning call answers this late: later than the service's read timeout, it times out. */
    static void latency(long millis) {
        faults(millis, false);
    }

    /** A share of provisioning calls fails with 500 SIMULATED_ERROR. */
    static void errorRate(double rate) {
        faults(rate, 0, false);
    }

    private static void faults(long latencyMs, boolean outage) {
        faults(0.0, latencyMs, outage);
    }

    static void faults(double errorRate, long latencyMs, boolean outage) {
        client().put().uri("/simulator/faults")
                .body(Map.of("errorRate", errorRate, "latencyMs", latencyMs, "outage", outage)).retrieve()
                .toBodilessEntity();
    }

    /** The idempotency key PhoneFactor was given when it created the user behind the vendorRef. */
    static String phoneFactorIdempotencyKey(String vendorRef) {
        Map<?, ?> user = client().get().uri("/phonefactor/users/{ref}", vendorRef).retrieve().body(Map.class);
        return String.valueOf(user.get("idempotencyKey"));
    }

    /** The idempotency key VIP was given when it bound the credential. */
    static String vipIdempotencyKey(String credentialId) {
        Map<?, ?> binding = client().get().uri("/vip/credentials/{id}", credentialId).retrieve().body(Map.class);
        return String.valueOf(((Map<?, ?>) binding.get("credential")).get("idempotencyKey"));
    }

    /** The HTTP status the simulator answers for a GET: 200 while something exists there, 404 once it is gone. */
    static HttpStatusCode statusOf(String path, Object... variables) {
        return client().get().uri(path, variables).exchange((request, response) -> response.getStatusCode());
    }
}

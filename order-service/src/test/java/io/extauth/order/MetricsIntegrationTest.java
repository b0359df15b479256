package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.testsupport.TestJwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The dashboard and the alert rules under ops/ are only worth importing if the metrics they name exist: after one
 * order and one dead letter, the service's Prometheus scrape must carry every metric a panel or a rule names. The
 * metrics they use are the kit's (events, dead letters, outbox, Kafka's consumer lag, HTTP, HikariCP's connection
 * timers), which every service exports alike, so one service shows them. A metric only one other service exports is proven there (listed in
 * {@link #PROVEN_ELSEWHERE}).
 */
class MetricsIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final Path OPS = Path.of("../ops");
    private static final Pattern METRIC = Pattern.compile("\\b((?:extauth|kafka|http|spring|hikaricp)_[a-z0-9_]+)");
    /** Metrics of one other service, and the test that scrapes them there. */
    private static final Map<String, String> PROVEN_ELSEWHERE = Map.of(
            "extauth_emails_failed_total", "SmtpDeliveryIntegrationTest (notification-service)",
            "extauth_vendor_calls_in_flight", "ChallengeMetricsIntegrationTest (challenge-service)",
            "extauth_vendor_calls_refused_total", "ChallengeMetricsIntegrationTest (challenge-service)",
            "extauth_provisioning_oldest_age_seconds", "ProvisioningGaugesIntegrationTest (provisioning-service)",
            "extauth_provisioning_waiting", "ProvisioningGaugesIntegrationTest (provisioning-service)",
            "extauth_provisioning_removal_oldest_age_seconds",
            "ProvisioningGaugesIntegrationTest (provisioning-service)",
            "extauth_emails_oldest_age_seconds", "EmailGaugesIntegrationTest (notification-service)",
            "extauth_emails_waiting", "EmailGaugesIntegrationTest (notification-service)");

    @Test
    void everyMetricTheDashboardAndTheAlertRulesNameIsExported() throws IOException {
        Set<String> named = new TreeSet<>();
        named.addAll(metricsIn(OPS.resolve("grafana/extauth-dashboard.json")));
        named.addAll(metricsIn(OPS.resolve("prometheus/extauth-alerts.yml")));
        named.removeAll(PROVEN_ELSEWHERE.keySet());
        assertThat(named).contains("extauth_events_published_total", "extauth_dead_letters_total",
                "extauth_outbox_oldest_age_seconds", "kafka_consumer_fetch_manager_records_lag_max",
                "hikaricp_connections_acquire_seconds_sum", "hikaricp_connections_usage_seconds_count");

        String user = newUser();
        assertThat(call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(user)).status())
                .isEqualTo(202);
        billing.sendRaw(Topics.BILLING_ORDERS, user, "not json".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> exported = exported(scrape());
            assertThat(named).allSatisfy(metric -> assertThat(exported).as("exported metrics").contains(metric));
        });
    }

    @Test
    void anOrderIsCountedByTypeOnceItsEventIsCommitted() {
        assertThat(call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(newUser())).status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .containsPattern("extauth_events_published_total\\{[^}]*type=\"AuthOrdered\"[^}]*} [1-9]"));
    }

    @Test
    void noLoggerCheckPaysForALogEventsCounterThatNothingReads() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logback.getTurboFilterList()).extracting(filter -> filter.getClass().getSimpleName())
                .doesNotContain("MetricsTurboFilter");
        assertThat(scrape()).contains("extauth_").doesNotContain("logback_events");
    }

    private String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }

    private static Set<String> metricsIn(Path file) throws IOException {
        Set<String> metrics = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            metrics.add(matcher.group(1));
        }
        return metrics;
    }

    private static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}

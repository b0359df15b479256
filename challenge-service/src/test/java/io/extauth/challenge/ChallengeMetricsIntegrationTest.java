package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The dashboard's challenge panels slice {@code extauth_events_published_total} by channel, method and outcome: order
 * tests show the metric exists, this login shows the challenge tags are filled with what the login really was.
 */
class ChallengeMetricsIntegrationTest extends IntegrationTestBase {

    @Test
    void aLoginIsCountedAsIssuedByChannelAndMethodAndDecidedByOutcomeAndChannel() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .containsPattern(published("ChallengeIssued", "channel=\"VPN\"", "method=\"PHONE_CALL_STANDARD\""))
                .containsPattern(published("ChallengeResult", "channel=\"VPN\"", "outcome=\"SUCCEEDED\"")));
    }

    @Test
    void eachVendorsCallsInFlightAndRefusalsAreExportedForTheDashboardAndTheAlert() {
        String scraped = scrape();

        for (String vendor : new String[] {"phonefactor", "symantec-vip"}) {
            assertThat(scraped).containsPattern(Pattern.compile("extauth_vendor_calls_in_flight\\{[^}]*vendor=\""
                    + vendor + "\"[^}]*} [0-9]"));
            assertThat(scraped).containsPattern(Pattern.compile("extauth_vendor_calls_refused_total\\{"
                    + "(?=[^}]*vendor=\"" + vendor + "\")(?=[^}]*reason=\"in-flight-limit\")[^}]*} [0-9]"));
        }
    }

    @Test
    void eachChannelsLockoutCounterIsExportedBeforeTheFirstLockoutSoTheSpikeAlertSeesItsRise() {
        String scraped = scrape();

        for (String channel : new String[] {"PORTAL", "VPN"}) {
            assertThat(scraped).containsPattern(Pattern.compile("extauth_events_published_total\\{"
                    + "(?=[^}]*type=\"ChallengeResult\")(?=[^}]*outcome=\"LOCKED_OUT\")(?=[^}]*channel=\"" + channel
                    + "\")[^}]*} [0-9]"));
        }
    }

    /** A sample of the events counter with the type and the labels, in whatever order Prometheus writes them. */
    private static Pattern published(String type, String... labels) {
        StringBuilder lookaheads = new StringBuilder("(?=[^}]*type=\"" + type + "\")");
        for (String label : labels) {
            lookaheads.append("(?=[^}]*").append(Pattern.quote(label)).append(")");
        }
        return Pattern.compile("extauth_events_published_total\\{" + lookaheads + "[^}]*} [1-9]");
    }

    private String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }
}

package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.testsupport.TestJwt;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A service left to its defaults decides by the database's clock: its leases, and every time it compares with one
 * another instance wrote, are on the one time line all instances read. Health says so to an operator.
 */
class ServiceClockIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    Clock clock;

    @Test
    void theServicesClockIsTheDatabasesLeftToItsDefaults() {
        // the embedded database shares this host's clock, so only what the clock is can be told apart here: that it
        // reads a host's clock that is off is DatabaseClockIntegrationTest's and SkewedHostIntegrationTest's
        assertThat(clock).isInstanceOf(DatabaseClock.class);
        await().atMost(Duration.ofSeconds(30)).until(((DatabaseClock) clock)::following);
    }

    @Test
    void healthTellsAnOperatorThatTheServiceDecidesByTheDatabasesClock() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());

        ResponseEntity<JsonNode> health = http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(headers),
                JsonNode.class);

        assertThat(health.getBody().path("components").path("clockSkew").path("details").path("decidesBy").asText())
                .as("%s", health.getBody()).isEqualTo("database");
    }
}

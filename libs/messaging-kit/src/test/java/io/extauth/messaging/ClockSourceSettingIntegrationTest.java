package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code extauth.clock.source}: a service decides by the database's clock unless told {@code host}, and a value it
 * does not know stops it at start with the setting's name and what it may be.
 */
class ClockSourceSettingIntegrationTest {

    private final DataSource database = EmbeddedPostgresDefault.shared().getPostgresDatabase();
    private final MessagingAutoConfiguration configuration = new MessagingAutoConfiguration();

    @Test
    void databaseInAnyCaseWithSpacesIsTheDatabasesClock() {
        try (DatabaseClock clock = (DatabaseClock) configuration.clock(" Database ", database)) {
            await().atMost(Duration.ofSeconds(30)).until(clock::following); // read before it is handed out, unless slow
        }
    }

    @Test
    void hostIsTheHostsClockAsItIs() {
        assertThat(configuration.clock("host", database)).isEqualTo(Clock.systemUTC());
    }

    @Test
    void anUnknownSourceStopsTheServiceAndSaysWhatItMayBe() {
        assertThatThrownBy(() -> configuration.clock("sundial", database)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("extauth.clock.source").hasMessageContaining("EXTAUTH_CLOCK_SOURCE")
                .hasMessageContaining("'sundial'").hasMessageContaining("'database'").hasMessageContaining("'host'");
    }
}

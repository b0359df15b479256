package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class Rfc3339UnitTest {

    @Test
    void readsTheTimesTheServicesWriteExactlyAsTheJdkDoes() {
        for (String time : new String[] {"2025-06-01T08:00:00Z", "2025-06-01T08:00:00.123Z",
                "2024-02-29T23:59:59.123456789Z", "2025-06-01T10:00:00.5+02:00", "1999-12-31T19:00:00-05:00",
                "2025-06-01t08:00:00z"}) {
            assertThat(Rfc3339.parse(time)).as(time).isEqualTo(OffsetDateTime.parse(time.toUpperCase()).toInstant());
        }
        assertThat(Rfc3339.parse("2025-06-01T08:00:00Z")).isEqualTo(Instant.parse("2025-06-01T08:00:00Z"));
    }

    @Test
    void refusesWhatIsNotATime() {
        assertThatThrownBy(() -> Rfc3339.parse("2025-13-01T08:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse("2025-06-01T08:00:00")).isInstanceOf(DateTimeParseException.class);
    }
}

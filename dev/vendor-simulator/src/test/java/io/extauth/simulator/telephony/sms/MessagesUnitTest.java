package io.extauth.simulator.telephony.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.TelephonyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagesUnitTest {

    @TempDir
    Path directory;

    @Test
    void aTextWaitingForItsReplySurvivesARestartButAUsedCodeIsNotKeptOnDisk() throws IOException {
        Path file = directory.resolve("state.json");
        Messages before = new Messages(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        before.add("sms-1", sms("sms-1", "Your code is 481516"));
        before.add("sms-2", sms("sms-2", "Your code is 234200"));
        before.act("sms-1", Sms::replied, replied -> { });

        Messages after = new Messages(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());

        assertThat(after.get("sms-2").text()).isEqualTo("Your code is 234200");
        assertThat(after.get("sms-1").status()).isEqualTo(SmsStatus.REPLIED);
        assertThat(after.get("sms-1").text()).isEqualTo(Sms.TEXT_NOT_KEPT);
        assertThat(Files.readString(file)).doesNotContain("481516");
    }

    private static Sms sms(String id, String text) {
        return new Sms(id, "+15551234567", text, "ref-" + id, "http://127.0.0.1:1/callbacks/sms", SmsStatus.SENT,
                Instant.parse("2025-01-01T10:00:00Z"), null);
    }
}

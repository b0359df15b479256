package io.extauth.notification.mail.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.MailTemplate;
import io.extauth.notification.mail.MessageIdKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fraud notices' Message-ID key lives in the database (V8). A table found empty (restored without its row, emptied
 * by hand) gets a new key rather than failing every fraud report into the dead letters.
 */
@SpringBootTest
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MessageIdKeysIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void theMigrationMadeOneKeyOf32RandomBytesAndAnEmptiedTableGetsANewOne() {
        String made = jdbc.queryForObject("SELECT secret FROM message_id_key WHERE id = 1", String.class);
        assertThat(made).matches("[0-9a-f]{64}");

        // in a transaction rolled back, so that the service's own key stays as it was for the other tests
        transactions.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM message_id_key");
            MessageIdKey again = new MessageIdKeys(jdbc).key();

            String remade = jdbc.queryForObject("SELECT secret FROM message_id_key WHERE id = 1", String.class);
            assertThat(remade).matches("[0-9a-f]{64}").isNotEqualTo(made);
            assertThat(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, "a@example.com", again))
                    .isEqualTo(Emails.messageId("ev-1", MailTemplate.FRAUD_REPORTED, "a@example.com",
                            new MessageIdKey(HexFormat.of().parseHex(remade))));
            status.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT secret FROM message_id_key", String.class)).isEqualTo(made);
    }
}

package io.extauth.notification.mail.adapter;

import io.extauth.notification.mail.MessageIdKey;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * This database's {@link MessageIdKey} (table {@code message_id_key}), read once, when the first fraud notice is
 * queued.
 * A table found empty (restored without its row, emptied by hand) gets a new key, as V8 made the first, rather than
 * failing every fraud report into the dead letters; the notices queued under the old key keep their Message-IDs, and
 * an event's notices are queued once per admin whatever the key ({@code email_admin_once}, V8).
 */
@Repository
class MessageIdKeys {

    private final JdbcTemplate jdbc;
    private volatile @Nullable MessageIdKey key;

    MessageIdKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    MessageIdKey key() {
        MessageIdKey known = key;
        if (known == null) {
            jdbc.update("""
                    INSERT INTO message_id_key (id, secret)
                    VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
                    ON CONFLICT (id) DO NOTHING""");
            String secret = jdbc.queryForObject("SELECT secret FROM message_id_key WHERE id = 1", String.class);
            known = new MessageIdKey(HexFormat.of().parseHex(secret));
            key = known;
        }
        return known;
    }
}

package io.extauth.challenge.factor.adapter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * PIN and code hashes written before peppering are plain bcrypt; each is replaced by its {@linkplain Secrets#pepper
 * peppered form} once the context is built, before the service takes requests or events. Compare-and-set per row, so
 * two instances starting together do no harm; nothing to do after the first start.
 */
@Component
public class LegacyHashUpgrade implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LegacyHashUpgrade.class);

    private final JdbcTemplate jdbc;
    private final Secrets secrets;

    LegacyHashUpgrade(JdbcTemplate jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void afterSingletonsInstantiated() {
        upgrade();
    }

    /** Peppers every plain bcrypt hash left; idempotent. */
    public void upgrade() {
        int pins = upgrade("user_factor", "pin_hash");
        int codes = upgrade("challenge", "code_hash");
        if (pins + codes > 0) {
            log.info("Peppered {} PIN hashes and {} code hashes written before extauth.pin.pepper existed", pins,
                    codes);
        }
    }

    private int upgrade(String table, String column) {
        int upgraded = 0;
        for (String hash : jdbc.queryForList("SELECT DISTINCT " + column + " FROM " + table + " WHERE " + column
                + " LIKE '$2%'", String.class)) {
            upgraded += jdbc.update("UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?",
                    secrets.pepper(hash), hash);
        }
        return upgraded;
    }
}

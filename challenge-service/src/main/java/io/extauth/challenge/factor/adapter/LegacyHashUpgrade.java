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

    /**
     * The rows whose code hash can still be asked for: a decided challenge's hash is gone ({@code Challenges}), and
     * one left by an older version on a decided row is never read again. Run at every start, it reads the pending
     * challenges through an index of them ({@code challenge_pending}, {@code challenge_open}), not the whole history of logins, which is never
     * pruned: a scan of it at each start would outgrow the database's socket timeout and stop the start.
     */
    public static final String PENDING = "status = 'PENDING'";

    /** Peppers every plain bcrypt hash left; idempotent. */
    public void upgrade() {
        int pins = upgrade("user_factor", "pin_hash", "TRUE");
        int codes = upgrade("challenge", "code_hash", PENDING);
        if (pins + codes > 0) {
            log.info("Peppered {} PIN hashes and {} code hashes written before extauth.pin.pepper existed", pins,
                    codes);
        }
    }

    private int upgrade(String table, String column, String rows) {
        int upgraded = 0;
        for (String hash : jdbc.queryForList(legacyHashes(table, column, rows), String.class)) {
            upgraded += jdbc.update("UPDATE " + table + " SET " + column + " = ? WHERE " + rows + " AND " + column
                    + " = ?", secrets.pepper(hash), hash);
        }
        return upgraded;
    }

    /** The statement that finds the plain bcrypt hashes left in {@code column} of {@code table}'s {@code rows}. */
    public static String legacyHashes(String table, String column, String rows) {
        return "SELECT DISTINCT " + column + " FROM " + table + " WHERE " + rows + " AND " + column + " LIKE '$2%'";
    }
}

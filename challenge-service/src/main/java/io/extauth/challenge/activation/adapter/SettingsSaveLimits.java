package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.TooManySettingsSaves;
import io.extauth.challenge.activation.TooManySettingsSaves.Reason;
import io.extauth.challenge.contact.ContactLimitRules;
import io.extauth.challenge.contact.ContactLimitRules.Limit;
import io.extauth.challenge.database.adapter.BatchedDelete;
import io.extauth.challenge.factor.adapter.FactorChangeProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settings saves that change something, in a sliding window ({@code settings_save}, as the contact limits count
 * contacts: in PostgreSQL, so every instance counts the same): an admin's per caller (the token's subject) within the
 * account, the user's own through the portal per user. Each such save may cost a bcrypt and, on an active factor, mails
 * the user ({@code FactorSettingsChanged}): without a bound one admin looping saves held every request thread and
 * queued mail ahead of other accounts' notices.
 * <p>
 * The portal signs in with one token for all its users, so its saves are not counted per caller (every portal user of
 * an account would share one bucket); and an admin's saves are not counted per user, nor refused by that bound (20
 * saves of a stolen portal session would otherwise block the admin's remediation for an hour). An admin's PIN reset
 * starts the user's count afresh ({@link #pinReset}), so that the user can save the new PIN the reset asks for.
 */
@Component
class SettingsSaveLimits {

    private final JdbcTemplate jdbc;
    private final Limit perCaller;
    private final Limit perUser;
    private final Clock clock;

    SettingsSaveLimits(JdbcTemplate jdbc, FactorChangeProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.perCaller = new Limit(properties.savesPerCaller(), properties.savesWindow());
        this.perUser = new Limit(properties.savesPerUser(), properties.savesWindow());
        this.clock = clock;
    }

    /**
     * Refuses a save over its bound (an admin's per caller, the portal's per user), as read now; records nothing
     * (checked before any bcrypt is run).
     */
    void requireRoom(String accountId, String userId, String caller, boolean byAdmin) {
        refusal(accountId, userId, caller, byAdmin, clock.instant()).ifPresent(refused -> {
            throw refused;
        });
    }

    /**
     * Counts the save, or refuses it over its bound. Under the user's row lock, which serialises the user's saves; an
     * admin's saves for different users are serialised by an advisory lock on the caller, taken after it.
     */
    void record(String accountId, String userId, String caller, boolean byAdmin) {
        if (byAdmin) {
            jdbc.query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('extauth.settings-save'), hashtext(?))) l",
                    (rs, row) -> rs.getInt(1), accountId + "\n" + caller);
        }
        Instant now = clock.instant();
        Optional<TooManySettingsSaves> refused = refusal(accountId, userId, caller, byAdmin, now);
        if (refused.isPresent()) {
            throw refused.get();
        }
        jdbc.update("INSERT INTO settings_save (account_id, user_id, caller, saved_at, by_admin) VALUES (?, ?, ?, ?, ?)",
                accountId, userId, caller, Timestamp.from(now), byAdmin);
    }

    /**
     * An admin's PIN reset: counted as the admin's save (refused over the caller's bound: it mails the user), and the
     * user's own saves forgotten, so that the new PIN the reset asks for can be saved at once. Under the user's row lock.
     */
    void pinReset(String accountId, String userId, String admin) {
        record(accountId, userId, admin, true);
        jdbc.update("DELETE FROM settings_save WHERE account_id = ? AND user_id = ? AND NOT by_admin", accountId,
                userId);
    }

    private Optional<TooManySettingsSaves> refusal(String accountId, String userId, String caller, boolean byAdmin,
            Instant now) {
        if (byAdmin) {
            return ContactLimitRules.waitBeforeNext(perCaller, mustLeave("caller = ? AND by_admin", caller, accountId,
                    perCaller, now), now)
                    .map(wait -> new TooManySettingsSaves(Reason.PER_CALLER, ContactLimitRules.retryAfterSeconds(wait)));
        }
        return ContactLimitRules.waitBeforeNext(perUser, mustLeave("user_id = ? AND NOT by_admin", userId, accountId,
                perUser, now), now)
                .map(wait -> new TooManySettingsSaves(Reason.PER_USER, ContactLimitRules.retryAfterSeconds(wait)));
    }

    /** The save that must leave the window before one more fits ({@link ContactLimitRules#mustLeaveOffset}). */
    private @Nullable Instant mustLeave(String whose, String value, String accountId, Limit limit, Instant now) {
        List<Instant> rows = jdbc.query("SELECT saved_at FROM settings_save WHERE account_id = ? AND " + whose
                + " AND saved_at > ? ORDER BY saved_at DESC OFFSET ? LIMIT 1",
                (rs, row) -> rs.getTimestamp(1).toInstant(), accountId, value, Timestamp.from(now.minus(limit.window())),
                ContactLimitRules.mustLeaveOffset(limit));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Deletes saves too old to matter to either bound; harmless when several instances run it. */
    @Scheduled(fixedDelayString = "${extauth.contacts.prune-interval-ms:600000}", initialDelay = 60_000)
    void forgetOldSaves() {
        Instant before = clock.instant().minus(perCaller.window()); // one window for both
        BatchedDelete.rowsOf(jdbc, "settings_save", "saved_at <= ?", Timestamp.from(before)).all();
    }
}

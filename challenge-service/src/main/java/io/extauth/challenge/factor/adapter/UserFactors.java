package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.database.adapter.KnownValues;
import io.extauth.challenge.database.adapter.OneRoundTrip;
import io.extauth.challenge.database.adapter.SqlRows;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code user_factor} table. Deciding code reads the row {@code FOR UPDATE} in its transaction. */
@Repository
public class UserFactors {

    /**
     * The columns every statement of this table returns, in this order: the SELECT lists are written from this enum and
     * {@link #read} reads each column at its position, so the two cannot drift apart. By position, not by name: a name
     * is a lookup in the driver per column and row (~20 a row, a few per cent of the listener threads' CPU).
     */
    enum Column {
        ACCOUNT_ID, USER_ID, STATE, TYPE, ORDER_ID, CREDENTIAL_ID, METHOD, PRIMARY_PHONE, PRIMARY_COUNTRY_CODE,
        PRIMARY_EXTENSION, SECONDARY_PHONE, SECONDARY_COUNTRY_CODE, SECONDARY_EXTENSION, PIN_HASH,
        CONSECUTIVE_FAILURES, LOCKED_UNTIL, ACTIVATION_FAILURES, SETTINGS_STATUS, ACTIVATION_LOCKED_UNTIL,
        LAST_FAILURE_AT, FRAUD_REPORTED_AT, ORDERED_AT, CANCELLED_ORDER_ID, VERSION;

        /** This column's position in a result whose columns start at position {@code first}. */
        int at(int first) {
            return first + ordinal();
        }

        static final String LIST = Arrays.stream(values()).map(column -> column.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static final String COLUMNS = Column.LIST;

    /**
     * Rows whose type, method and settings status this version knows ({@link KnownValues}), for the unlock timer's
     * batch: a locked user whose row a later version wrote (a method added since) is left for an instance of that
     * version. Taken here, the mapping would fail the whole batch every tick, and no lock would run out on time.
     */
    private static final String READABLE = " (type IS NULL OR type IN (" + KnownValues.of(AuthType.values())
            + ")) AND (method IS NULL OR method IN (" + KnownValues.of(PhoneFactorMethod.values())
            + ")) AND (settings_status IS NULL OR settings_status IN ("
            + KnownValues.of(UserFactor.SettingsStatus.values()) + ")) ";

    /** Every mutable column, if nobody changed the row since it was read; returns the saved row. */
    private static final String UPDATE = """
            UPDATE user_factor SET state = ?, type = ?, order_id = ?, credential_id = ?, method = ?,
              primary_phone = ?, primary_country_code = ?, primary_extension = ?,
              secondary_phone = ?, secondary_country_code = ?, secondary_extension = ?, pin_hash = ?,
              consecutive_failures = ?, locked_until = ?, activation_failures = ?, settings_status = ?,
              activation_locked_until = ?, last_failure_at = ?, fraud_reported_at = ?, ordered_at = ?,
              cancelled_order_id = ?, version = version + 1, updated_at = ?
            WHERE account_id = ? AND user_id = ? AND version = ?
            RETURNING\s""" + COLUMNS;

    private final JdbcTemplate jdbc;

    public UserFactors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Remembers the key of an activation code VIP may have used in an answer whose verdict was lost. */
    public void rememberLostActivationCode(String accountId, String userId, String key) {
        jdbc.update("UPDATE user_factor SET activation_lost_code_key = ? WHERE account_id = ? AND user_id = ?", key,
                accountId, userId);
    }

    /** The key {@link #rememberLostActivationCode} kept; null when none. */
    public @Nullable String lostActivationCode(String accountId, String userId) {
        return jdbc.query("SELECT activation_lost_code_key FROM user_factor WHERE account_id = ? AND user_id = ?",
                (rs, row) -> rs.getString(1), accountId, userId).stream().filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    public Optional<UserFactor> find(String accountId, String userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM user_factor WHERE account_id = ? AND user_id = ?",
                UserFactors::map, accountId, userId).stream().findFirst();
    }

    /** The row, locked until the transaction ends; a user never seen is {@link UserFactor#none} (not locked). */
    public UserFactor lock(String accountId, String userId) {
        return lockedOrNone(lockStatement(accountId, userId).query(jdbc), accountId, userId);
    }

    /** What a lock and the caller's statement sent behind it found: the locked row, and the statement's rows. */
    public record Locked<T>(UserFactor factor, List<T> then) {
    }

    /**
     * {@link #lock}, and the caller's statement sent in the same round trip ({@link OneRoundTrip}): it runs once the
     * lock is taken and sees the row's previous holder's commits, as a statement sent after the lock would.
     */
    public <T> Locked<T> lockThen(String accountId, String userId, SqlRows<T> then) {
        OneRoundTrip.Answers<UserFactor, T> answers = OneRoundTrip.run(jdbc, lockStatement(accountId, userId), then);
        return new Locked<>(lockedOrNone(answers.first(), accountId, userId), answers.second());
    }

    private static SqlRows<UserFactor> lockStatement(String accountId, String userId) {
        return SqlRows.of("SELECT " + COLUMNS + " FROM user_factor WHERE account_id = ? AND user_id = ? FOR UPDATE",
                UserFactors::map, accountId, userId);
    }

    private static UserFactor lockedOrNone(List<UserFactor> rows, String accountId, String userId) {
        return rows.isEmpty() ? UserFactor.none(accountId, userId) : rows.get(0);
    }

    /**
     * The row of the user a challenge belongs to, locked until the transaction ends, found by the challenge's id in one
     * statement; empty when there is no such challenge or its user has no row.
     */
    public Optional<UserFactor> lockOwnerOf(UUID challengeId) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM user_factor WHERE (account_id, user_id) = (SELECT account_id, user_id FROM challenge WHERE id = ?)
                FOR UPDATE""", UserFactors::map, challengeId).stream().findFirst();
    }

    /** What {@link #lockOwnerOfSignedThen} found: whether the signature was new, and the locked owner. */
    public record SignedOwner(boolean firstSeen, Optional<UserFactor> owner) {
    }

    /** What {@link #lockOwnerOfSignedThen} found, and the rows of the caller's statement sent behind it. */
    public record SignedLocked<T>(SignedOwner signed, List<T> then) {
    }

    /**
     * {@link #lockOwnerOf}, in the statement that records a vendor callback's signature as taken (the callback's
     * replay check, {@code callback_signature}: see the callback adapter's {@code SeenSignatures}), so the two commit or
     * roll back together with the decision. {@code firstSeen} false is a replay, also one whose first delivery is in
     * flight elsewhere (the insert waits for its transaction): then nothing is to be decided. The caller's statement
     * is sent in the same round trip, as by {@link #lockThen}.
     */
    public <T> SignedLocked<T> lockOwnerOfSignedThen(UUID challengeId, String signature, Instant signedAt,
            SqlRows<T> then) {
        OneRoundTrip.Answers<SignedOwner, T> answers = OneRoundTrip.run(jdbc,
                lockOwnerOfSignedStatement(challengeId, signature, signedAt), then);
        return new SignedLocked<>(answers.first().get(0), answers.second());
    }

    private static SqlRows<SignedOwner> lockOwnerOfSignedStatement(UUID challengeId, String signature,
            Instant signedAt) {
        return SqlRows.of("""
                WITH seen AS (INSERT INTO callback_signature (signature, signed_at) VALUES (?, ?)
                              ON CONFLICT DO NOTHING RETURNING 1),
                     owner AS (SELECT\s""" + COLUMNS + """
                 FROM user_factor WHERE (account_id, user_id) = (SELECT account_id, user_id FROM challenge WHERE id = ?)
                               FOR UPDATE)
                SELECT EXISTS (SELECT 1 FROM seen) AS first_seen, owner.* FROM (SELECT 1) one LEFT JOIN owner ON true""",
                // first_seen, then the owner's columns (all null when there is no owner)
                (rs, row) -> new SignedOwner(rs.getBoolean(1), rs.getString(Column.ACCOUNT_ID.at(2)) == null
                        ? Optional.empty() : Optional.of(read(rs, 2))),
                signature, Timestamp.from(signedAt), challengeId);
    }

    private static final String LOCK_OR_CREATE = "WITH found AS (SELECT " + COLUMNS + " FROM user_factor"
            + " WHERE account_id = ? AND user_id = ? FOR NO KEY UPDATE),"
            + " created AS (INSERT INTO user_factor (account_id, user_id, state, updated_at)"
            + " SELECT ?, ?, 'NONE', ? WHERE NOT EXISTS (SELECT 1 FROM found)"
            + " ON CONFLICT (account_id, user_id) DO UPDATE SET updated_at = user_factor.updated_at"
            + " RETURNING " + COLUMNS + ")"
            + " SELECT " + COLUMNS + " FROM found UNION ALL SELECT " + COLUMNS + " FROM created";

    /**
     * Creates the row in state NONE if missing and locks it, in one statement. A row that exists is locked by the
     * SELECT (FOR NO KEY UPDATE, which every FOR UPDATE of this table waits for, and which waits for them) and nothing
     * is written; a missing one is inserted, and one that another transaction creates meanwhile is locked by the update
     * that changes nothing and returned as that transaction committed it. That update used to take the lock of every
     * existing row too: a new row version per event for a user (the second of every workflow's three updates of this
     * table, and most of them not HOT: index entries written for nothing; issue 14).
     */
    public UserFactor lockOrCreate(String accountId, String userId, Instant now) {
        return Objects.requireNonNull(jdbc.queryForObject(LOCK_OR_CREATE,
                UserFactors::map, accountId, userId, accountId, userId, Timestamp.from(now)));
    }

    /** Writes every mutable column if nobody changed the row since it was read; returns the saved row. */
    public UserFactor save(UserFactor factor, Instant now) {
        return saved(factor, jdbc.query(UPDATE, UserFactors::map, updateArguments(factor, now)));
    }

    /**
     * As {@link #save}, recording the lifecycle move that led to the new state in {@code lifecycle_history} in the
     * same statement (the history row is written whether or not the update finds its version, as it was when the two
     * were separate statements: a save that throws rolls the transaction back).
     */
    public UserFactor save(UserFactor factor, Transition.Moved move, String cause, Instant now) {
        Object[] history = {factor.accountId(), factor.userId(), move.from().name(), move.trigger().name(),
                move.to().name(), cause, Timestamp.from(now)};
        Object[] update = updateArguments(factor, now);
        Object[] arguments = new Object[history.length + update.length];
        System.arraycopy(history, 0, arguments, 0, history.length);
        System.arraycopy(update, 0, arguments, history.length, update.length);
        return saved(factor, jdbc.query("""
                WITH history AS (
                    INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, moved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?))
                """ + UPDATE, UserFactors::map, arguments));
    }

    /**
     * A user never seen, created already moved to {@code next} ({@link #save} of a row created in state NONE, in one
     * statement: the same columns, version 1), with the move's history row; empty, and nothing written, when the row
     * exists. A row another transaction is creating is waited for, as by any insert of its key.
     */
    public Optional<UserFactor> createMoved(UserFactor next, Transition.Moved move, String cause, Instant now) {
        Object[] row = rowArguments(next, now);
        int bound = row.length;
        Object[] arguments = Arrays.copyOf(row, bound + 5);
        arguments[bound] = move.from().name();
        arguments[bound + 1] = move.trigger().name();
        arguments[bound + 2] = move.to().name();
        arguments[bound + 3] = cause;
        arguments[bound + 4] = Timestamp.from(now);
        return jdbc.query(CREATE_MOVED, UserFactors::map, arguments).stream().findFirst();
    }

    private static final String CREATE_MOVED = """
            WITH created AS (
                INSERT INTO user_factor (state, type, order_id, credential_id, method,
                  primary_phone, primary_country_code, primary_extension,
                  secondary_phone, secondary_country_code, secondary_extension, pin_hash,
                  consecutive_failures, locked_until, activation_failures, settings_status,
                  activation_locked_until, last_failure_at, fraud_reported_at, ordered_at, cancelled_order_id,
                  updated_at, account_id, user_id, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (account_id, user_id) DO NOTHING
                RETURNING\s""" + COLUMNS + """
            ),
            history AS (
                INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, moved_at)
                SELECT account_id, user_id, ?, ?, ?, ?, ? FROM created)
            SELECT\s""" + COLUMNS + " FROM created";

    /**
     * Whether the user's set-up moved since {@code since}: ordered (again), activated, deactivated, cancelled or failed
     * provisioning, or locked (a proof from before a lock proves nothing), as {@code lifecycle_history} recorded it. A phone verification started before such a move was
     * started under rules that no longer hold. The times are two instances' clocks (see README, Clocks).
     */
    public boolean setUpMovedSince(String accountId, String userId, Instant since) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM lifecycle_history WHERE account_id = ? AND user_id = ? AND moved_at > ?
                  AND""" + " " + SET_UP_MOVED + ")", Boolean.class, accountId, userId, Timestamp.from(since)));
    }

    /**
     * The moves of {@code lifecycle_history} after which a proof or a verification from before proves nothing: the
     * user ordered (again), activated, deactivated, cancelled or failed provisioning, or was locked.
     */
    public static final String SET_UP_MOVED = """
            (trigger IN ('ORDER', 'ACTIVATE', 'DEACTIVATE', 'CANCEL', 'PROVISIONING_FAIL') OR to_state = 'LOCKED')""";

    private static UserFactor saved(UserFactor factor, List<UserFactor> saved) {
        if (saved.size() != 1) {
            throw new OptimisticLockingFailureException("user_factor " + factor.accountId() + "/" + factor.userId()
                    + " changed since version " + factor.version());
        }
        return saved.get(0);
    }

    /** {@link #rowArguments}, then the version the row must still have ({@code UPDATE}'s last parameter). */
    private static Object[] updateArguments(UserFactor factor, Instant now) {
        Object[] row = rowArguments(factor, now);
        Object[] arguments = Arrays.copyOf(row, row.length + 1);
        arguments[row.length] = factor.version();
        return arguments;
    }

    /**
     * Every mutable column, {@code updated_at}, {@code account_id} and {@code user_id}, in the order {@code UPDATE}'s
     * {@code SET} and {@code WHERE} and {@code CREATE_MOVED}'s column list bind them.
     */
    private static Object[] rowArguments(UserFactor factor, Instant now) {
        return new Object[] {factor.state().name(), name(factor.type()), factor.orderId(), factor.credentialId(),
                name(factor.method()),
                e164(factor.primaryPhone()), countryCode(factor.primaryPhone()), extension(factor.primaryPhone()),
                e164(factor.secondaryPhone()), countryCode(factor.secondaryPhone()),
                extension(factor.secondaryPhone()), factor.pinHash(), factor.consecutiveFailures(),
                factor.lockedUntil() == null ? null : Timestamp.from(factor.lockedUntil()),
                factor.activationFailures(), name(factor.settingsStatus()), timestamp(factor.activationLockedUntil()),
                timestamp(factor.lastFailureAt()), timestamp(factor.fraudReportedAt()), timestamp(factor.orderedAt()),
                factor.cancelledOrderId(), Timestamp.from(now), factor.accountId(), factor.userId()};
    }

    /** Locked users whose lock has run out, locked for this transaction; rows another instance holds are skipped. */
    public List<UserFactor> lockExpiredLocks(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM user_factor WHERE state = 'LOCKED' AND locked_until <= ? AND"
                + READABLE + "ORDER BY locked_until LIMIT ? FOR UPDATE SKIP LOCKED", UserFactors::map,
                Timestamp.from(now), limit);
    }

    private static UserFactor map(ResultSet rs, int row) throws SQLException {
        return read(rs, 1);
    }

    /** The row whose {@link Column}s start at position {@code first} of the result (1 when they are all it has). */
    static UserFactor read(ResultSet rs, int first) throws SQLException {
        String type = rs.getString(Column.TYPE.at(first));
        String method = rs.getString(Column.METHOD.at(first));
        return new UserFactor(rs.getString(Column.ACCOUNT_ID.at(first)), rs.getString(Column.USER_ID.at(first)),
                LifecycleState.valueOf(rs.getString(Column.STATE.at(first))),
                type == null ? null : AuthType.valueOf(type), rs.getString(Column.ORDER_ID.at(first)),
                rs.getString(Column.CREDENTIAL_ID.at(first)),
                method == null ? null : PhoneFactorMethod.valueOf(method),
                phone(rs.getString(Column.PRIMARY_PHONE.at(first)),
                        rs.getString(Column.PRIMARY_COUNTRY_CODE.at(first)),
                        rs.getString(Column.PRIMARY_EXTENSION.at(first))),
                phone(rs.getString(Column.SECONDARY_PHONE.at(first)),
                        rs.getString(Column.SECONDARY_COUNTRY_CODE.at(first)),
                        rs.getString(Column.SECONDARY_EXTENSION.at(first))),
                rs.getString(Column.PIN_HASH.at(first)), rs.getInt(Column.CONSECUTIVE_FAILURES.at(first)),
                instant(rs.getTimestamp(Column.LOCKED_UNTIL.at(first))),
                rs.getInt(Column.ACTIVATION_FAILURES.at(first)),
                settingsStatus(rs.getString(Column.SETTINGS_STATUS.at(first))),
                instant(rs.getTimestamp(Column.ACTIVATION_LOCKED_UNTIL.at(first))),
                instant(rs.getTimestamp(Column.LAST_FAILURE_AT.at(first))),
                instant(rs.getTimestamp(Column.FRAUD_REPORTED_AT.at(first))),
                instant(rs.getTimestamp(Column.ORDERED_AT.at(first))),
                rs.getString(Column.CANCELLED_ORDER_ID.at(first)), rs.getLong(Column.VERSION.at(first)));
    }

    private static UserFactor.@Nullable Phone phone(@Nullable String e164, @Nullable String countryCode,
            @Nullable String extension) {
        return e164 == null || countryCode == null ? null : new UserFactor.Phone(e164, countryCode, extension);
    }

    private static UserFactor.@Nullable SettingsStatus settingsStatus(@Nullable String status) {
        return status == null ? null : UserFactor.SettingsStatus.valueOf(status);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable String name(@Nullable Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static @Nullable String e164(UserFactor.@Nullable Phone phone) {
        return phone == null ? null : phone.e164();
    }

    private static @Nullable String countryCode(UserFactor.@Nullable Phone phone) {
        return phone == null ? null : phone.countryCode();
    }

    private static @Nullable String extension(UserFactor.@Nullable Phone phone) {
        return phone == null ? null : phone.extension();
    }
}

package io.extauth.challenge.login.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.MigratedSchema;
import io.extauth.contract.LoginChannel;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Spend review: the checks a sign-in and a settings save make under the user's row lock read only the challenges they
 * ask for, however long the user's history ({@code challenge} is never pruned: every login is a row). One user is
 * given {@value #HISTORY} decided challenges of every status and channel; each statement the code runs (captured from
 * the call itself, as sent) is run again under {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}, as a custom and as a
 * generic plan (the service's statements are prepared), and must read {@code challenge} through its partial index,
 * no row filtered away, a few blocks. Before V240 the locked user's and the proof's checks walked {@code challenge_user},
 * every row of the user. Without Spring: a schema of its own, migrated as the service migrates it.
 */
class UserHistoryIndexesIntegrationTest {

    private static final int HISTORY = 6_000;
    private static final int OTHER_USERS = 300;
    /** A few index pages and the row's heap page; the walk of the user's history read hundreds. */
    private static final int FEW_BLOCKS = 16;
    private static final List<String> PLAN_MODES = List.of("force_custom_plan", "force_generic_plan");

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final MigratedSchema schema = new MigratedSchema();
    private final Recording jdbc = new Recording(schema.jdbc());
    private final String accountId = "acct-1";
    private final String userId = "user-long-history";

    private final UUID rejection = UUID.randomUUID();
    private final UUID pending = UUID.randomUUID();
    private final Instant passedAt = now.minusSeconds(120);

    @BeforeEach
    void aUserWithALongHistory() {
        // the user's history: a login an hour for HISTORY hours, every status on both channels, among them many
        // REJECTED_LOCKED (older than a minute) and SUCCEEDED PORTAL challenges; and other users' histories beside it
        jdbc.update("""
                INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, outcome, created_at,
                  expires_at, decided_at, issued_at)
                SELECT gen_random_uuid(), ?, u, CASE WHEN n % 2 = 0 THEN 'PORTAL' ELSE 'VPN' END, 'PHONEFACTOR',
                  'PHONE_CALL_STANDARD', (ARRAY['SUCCEEDED', 'FAILED', 'EXPIRED', 'LOCKED_OUT', 'LOCKED_OUT', 'NOT_DELIVERED',
                  'SUCCEEDED'])[n % 7 + 1], (ARRAY['SUCCEEDED', 'FAILED', 'EXPIRED', 'REJECTED_LOCKED', 'LOCKED_OUT',
                  'NOT_DELIVERED', 'SUCCEEDED'])[n % 7 + 1], at, at + INTERVAL '2 min', at + INTERVAL '30 s', at
                FROM (SELECT ? AS u, n, CAST(? AS timestamptz) - n * INTERVAL '1 hour' AS at
                      FROM generate_series(1, ?) n
                      UNION ALL
                      SELECT 'other-' || (n % ?), n, CAST(? AS timestamptz) - n * INTERVAL '1 minute'
                      FROM generate_series(1, ?) n) h""",
                accountId, userId, Timestamp.from(now), HISTORY, OTHER_USERS, Timestamp.from(now), OTHER_USERS * 20);
        jdbc.update("""
                INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, moved_at)
                SELECT ?, u, 'ACTIVE', 'LOCK', 'LOCKED', 'test', CAST(? AS timestamptz) - n * INTERVAL '1 day'
                FROM (SELECT ? AS u, n FROM generate_series(3, 12) n
                      UNION ALL
                      SELECT 'other-' || (n % ?), n FROM generate_series(1, ?) n) h""",
                accountId, Timestamp.from(now), userId, OTHER_USERS, OTHER_USERS * 10);
        jdbc.update("""
                INSERT INTO user_factor (account_id, user_id, state, type, method, updated_at, reach_changed_at)
                SELECT ?, u, 'LOCKED', 'PHONEFACTOR', 'PHONE_CALL_STANDARD', now(), CAST(? AS timestamptz) - INTERVAL '1 day'
                FROM (SELECT ? AS u UNION ALL SELECT 'other-' || n FROM generate_series(0, ? - 1) n) f""",
                accountId, Timestamp.from(now), userId, OTHER_USERS);
        // what the checks are to find: the rejection that stands (20 s old), the last PORTAL challenge passed, a VPN
        // challenge passed after it (no proof for the portal) and a pending challenge
        challenge(rejection, "PORTAL", "LOCKED_OUT", "REJECTED_LOCKED", now.minusSeconds(20), now.minusSeconds(20));
        challenge(UUID.randomUUID(), "PORTAL", "SUCCEEDED", "SUCCEEDED", passedAt.minusSeconds(40), passedAt);
        challenge(UUID.randomUUID(), "VPN", "SUCCEEDED", "SUCCEEDED", now.minusSeconds(90), now.minusSeconds(60));
        challenge(pending, "PORTAL", "PENDING", null, now.minusSeconds(10), null);
        jdbc.execute("ANALYZE challenge");
        jdbc.execute("ANALYZE lifecycle_history");
        jdbc.execute("ANALYZE user_factor");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).isEqualTo(HISTORY + 4);
        jdbc.statements.clear();
    }

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aLockedUsersStandingRejectionIsReadFromTheRejectionsOfTheLastMinuteNotTheUsersHistory() {
        Instant since = now.minusSeconds(60);

        assertThat(new Challenges(jdbc).standingRejection(accountId, userId, LoginChannel.PORTAL, since))
                .contains(rejection);
        Recorded statement = jdbc.only();

        for (String mode : PLAN_MODES) {
            JsonNode scan = challengeScan(explain(statement, mode), mode);
            assertThat(scan.path("Index Name").asText()).as(mode).isEqualTo("challenge_rejected_locked");
            assertReadsAtMost(scan, 1, mode);
        }
        // the rule as before: none on the other channel (its rejections are all older than a minute), and none once
        // the user's lifecycle moved (an unlock) after the rejection
        assertThat(new Challenges(jdbc).standingRejection(accountId, userId, LoginChannel.VPN, since)).isEmpty();
        jdbc.update("INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, "
                + "moved_at) VALUES (?, ?, 'LOCKED', 'UNLOCK', 'ACTIVE', 'test', ?)", accountId, userId,
                Timestamp.from(now.minusSeconds(5)));
        assertThat(new Challenges(jdbc).standingRejection(accountId, userId, LoginChannel.PORTAL, since)).isEmpty();
    }

    @Test
    void theProofASettingsSaveAsksForIsTheNewestPassedPortalChallengeReadAloneNotTheUsersHistory() {
        PassedChallenges passed = new PassedChallenges(jdbc);

        assertThat(passed.lastPassedAt(accountId, userId)).as("the PORTAL one; the later VPN one is no proof")
                .isEqualTo(passedAt);
        Recorded statement = jdbc.only();
        assertThat(statement.sql()).isEqualTo(PassedChallenges.LAST_PASSED);

        for (String mode : PLAN_MODES) {
            JsonNode scan = challengeScan(explain(statement, mode), mode);
            assertThat(scan.path("Index Name").asText()).as(mode).isEqualTo("challenge_passed_portal");
            assertReadsAtMost(scan, 1, mode);
        }
        // the rule as before: a set-up move (a lock) after it, or a change of how the factor reaches the user, ends it
        jdbc.update("UPDATE user_factor SET reach_changed_at = ? WHERE account_id = ? AND user_id = ?",
                Timestamp.from(passedAt), accountId, userId);
        assertThat(passed.lastPassedAt(accountId, userId)).isNull();
        jdbc.update("UPDATE user_factor SET reach_changed_at = NULL WHERE account_id = ? AND user_id = ?",
                accountId, userId);
        assertThat(passed.lastPassedAt(accountId, userId)).isEqualTo(passedAt);
        jdbc.update("INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, "
                + "moved_at) VALUES (?, ?, 'ACTIVE', 'LOCK', 'LOCKED', 'test', ?)", accountId, userId,
                Timestamp.from(passedAt.plusSeconds(1)));
        assertThat(passed.lastPassedAt(accountId, userId)).isNull();
    }

    @Test
    void theUsersPendingChallengesAreReadFromThePendingOnesNotTheUsersHistory() {
        var candidates = Challenges.openCandidatesStatement(accountId, userId, LoginChannel.PORTAL,
                now.minusSeconds(1), now.minusSeconds(60));
        assertThat(candidates.query(jdbc)).extracting(c -> c.id()).containsExactly(pending);
        assertThat(jdbc.queryForList(PendingChallengesDecidedByTheFactor.PENDING_OF_USER, UUID.class, accountId,
                userId)).containsExactly(pending);

        for (String mode : PLAN_MODES) {
            for (Recorded statement : List.of(new Recorded(candidates.sql(), candidates.args().toArray()),
                    new Recorded(PendingChallengesDecidedByTheFactor.PENDING_OF_USER,
                            new Object[] {accountId, userId}))) {
                JsonNode scan = challengeScan(explain(statement, mode), mode);
                assertThat(scan.path("Index Name").asText()).as(mode).isEqualTo("challenge_open");
                assertReadsAtMost(scan, 1, mode);
            }
        }
    }

    private void challenge(UUID id, String channel, String status, String outcome, Instant createdAt,
            Instant decidedAt) {
        jdbc.update("INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, outcome, "
                + "created_at, expires_at, decided_at, issued_at) VALUES (?, ?, ?, ?, 'PHONEFACTOR', 'PHONE_CALL_STANDARD', "
                + "?, ?, ?, ?, ?, ?)", id, accountId, userId, channel, status, outcome, Timestamp.from(createdAt),
                Timestamp.from(createdAt.plusSeconds(120)), decidedAt == null ? null : Timestamp.from(decidedAt),
                Timestamp.from(createdAt));
    }

    // ---- the plans ---------------------------------------------------------------------------------------------------

    /** A statement as the code sent it, with its arguments. */
    record Recorded(String sql, Object[] args) {
    }

    /** A template that keeps each query's statement and arguments, as the code handed them over. */
    static final class Recording extends JdbcTemplate {

        final List<Recorded> statements = new ArrayList<>();

        Recording(JdbcTemplate on) {
            super(on.getDataSource());
        }

        @Override
        public <T> List<T> queryForList(String sql, Class<T> elementType, Object... args) {
            statements.add(new Recorded(sql, args));
            return super.queryForList(sql, elementType, args);
        }

        @Override
        public <T> T queryForObject(String sql, Class<T> requiredType, Object... args) {
            statements.add(new Recorded(sql, args));
            return super.queryForObject(sql, requiredType, args);
        }

        Recorded only() {
            assertThat(statements).as("statements the call sent").hasSize(1);
            return statements.get(0);
        }
    }

    /**
     * The statement prepared and executed under {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} with its arguments, in
     * {@code plan_cache_mode} {@code mode}, on one connection; the plan's top node.
     */
    private JsonNode explain(Recorded statement, String mode) {
        String json = jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement st = connection.createStatement()) {
                st.execute("SET plan_cache_mode = " + mode);
                st.execute("PREPARE explained AS " + numbered(statement.sql()));
                try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE explained("
                        + String.join(", ", Arrays.stream(statement.args()).map(this::literal).toList()) + ")")) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        return new ObjectMapper().readTree(json).get(0).get("Plan");
    }

    /** The statement's {@code ?}s as {@code $1}, {@code $2}, …: none of these statements has another {@code ?}. */
    private static String numbered(String sql) {
        Matcher m = Pattern.compile("\\?").matcher(sql);
        StringBuilder out = new StringBuilder();
        int n = 0;
        while (m.find()) {
            m.appendReplacement(out, "\\$" + ++n);
        }
        return m.appendTail(out).toString();
    }

    private String literal(Object arg) {
        if (arg instanceof Timestamp t) {
            return "CAST('" + t.toInstant() + "' AS timestamptz)";
        }
        return "'" + String.valueOf(arg).replace("'", "''") + "'";
    }

    /** The one node of the plan that reads {@code challenge}; no node reads it whole. */
    private static JsonNode challengeScan(JsonNode plan, String mode) {
        List<JsonNode> scans = new ArrayList<>();
        collect(plan, scans);
        assertThat(scans).as(mode + ": nodes that read challenge").hasSize(1);
        JsonNode scan = scans.get(0);
        assertThat(scan.path("Node Type").asText()).as(mode + ", the scan of challenge: " + scan)
                .isIn("Index Scan", "Index Only Scan");
        return scan;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if ("challenge".equals(node.path("Relation Name").asText())) {
            into.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, into);
        }
    }

    /** It found at most {@code rows} rows, filtered none away, and read a few blocks. */
    private static void assertReadsAtMost(JsonNode scan, int rows, String mode) {
        assertThat(scan.path("Actual Rows").asDouble() * scan.path("Actual Loops").asDouble()).as(mode + " rows")
                .isLessThanOrEqualTo(rows);
        assertThat(scan.path("Rows Removed by Filter").asDouble()).as(mode + " rows removed by filter").isZero();
        assertThat(scan.path("Shared Hit Blocks").asInt() + scan.path("Shared Read Blocks").asInt())
                .as(mode + " blocks").isLessThanOrEqualTo(FEW_BLOCKS);
    }
}

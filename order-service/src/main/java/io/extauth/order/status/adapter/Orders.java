package io.extauth.order.status.adapter;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import io.extauth.contract.ContractJson;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.OrderRejected.Reason;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import io.extauth.order.status.OrderStatus.Change;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The orders table: written by intake, moved by the status listeners, read by the order endpoints. */
@Repository
public class Orders {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final String INSERT = """
            INSERT INTO orders (order_id, channel, account_id, user_id, email, type, credential_id, promo_code,
                ordered_by, monthly_fee, status, reasons, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?)""";
    /**
     * An order whose orderId is taken is not stored; a second live order of its user or of its credential breaks an
     * index and throws.
     */
    private static final String INSERT_NEW = INSERT + " ON CONFLICT (order_id) DO NOTHING";
    /**
     * Neither an order whose orderId is taken nor a second live order of its user or credential is stored: no conflict
     * target, so every unique index of the table counts. A unique index added later counts too; the intake then reads
     * the facts, decides again and inserts with {@link #INSERT_NEW}, which that index's violation fails: give it a
     * reason in the intake's decision first (as {@code orders_one_live_per_credential} has, {@code CREDENTIAL_IN_USE}).
     */
    private static final String INSERT_UNLESS_TAKEN = INSERT + " ON CONFLICT DO NOTHING";
    private static final String LIVE = "('ACCEPTED', 'PROVISIONED', 'ACTIVE', 'LOCKED')";
    /** Rows of a status and channel this version knows ({@link #ofAccount}). */
    private static final String READABLE = "status IN (" + names(OrderStatus.values()) + ") AND channel IN ("
            + names(OrderChannel.values()) + ")";
    /**
     * found: the order, locked, and read as it is once locked (a move committed meanwhile is seen); moved: the order
     * changed from what found read, which no one else can change any more; the parameters after the order's: the new
     * statuses, the statuses they replace, the time, the user, the statuses the change applies to.
     */
    private static final String MOVE = """
            WITH found AS MATERIALIZED (
                SELECT order_id, account_id, user_id, status FROM orders WHERE %s FOR UPDATE),
            moved AS (
                UPDATE orders o SET status = (?::text[])[array_position(?::text[], found.status)], updated_at = ?
                FROM found
                WHERE o.order_id = found.order_id AND found.account_id = ? AND found.user_id = ?
                  AND found.status = ANY (?::text[])
                RETURNING o.order_id, o.status)
            SELECT found.*, moved.status AS moved_to FROM found LEFT JOIN moved USING (order_id)""";
    private static final String MOVE_BY_ID = MOVE.formatted("order_id = ?");
    private static final String MOVE_LIVE = MOVE.formatted("account_id = ? AND user_id = ? AND status IN " + LIVE);
    private static final Map<Change, Transitions> TRANSITIONS = new EnumMap<>(Change.class);

    static {
        for (Change change : Change.values()) {
            TRANSITIONS.put(change, Transitions.of(change));
        }
    }

    private final JdbcTemplate jdbc;

    Orders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new order; {@code false} when an order of that id exists already (a repeat of a billing order).
     * A second live order of the same user or credential breaks a unique index and throws: both doors may race.
     */
    public boolean insert(Order order) {
        return jdbc.update(INSERT_NEW, insertArguments(order)) == 1;
    }

    /**
     * Stores a new order unless its orderId is taken, the user has a live order or its credential is on one (any of
     * the unique indexes), which it waits for as any insert does; {@code false} then, and nothing is stored. Never
     * throws for any of them.
     */
    public boolean insertUnlessTaken(Order order) {
        return jdbc.update(INSERT_UNLESS_TAKEN, insertArguments(order)) == 1;
    }

    private static Object[] insertArguments(Order order) {
        return new Object[] {order.orderId(), order.channel().name(), order.accountId(), order.userId(),
                order.email(), order.type(), order.credentialId(), order.promoCode(), order.orderedBy(),
                order.monthlyFee(), order.status().name(), order.reasons().isEmpty() ? null : json(order.reasons()),
                Timestamp.from(order.createdAt()), Timestamp.from(order.updatedAt())};
    }

    public Optional<Order> find(String orderId) {
        return jdbc.query("SELECT * FROM orders WHERE order_id = ?", Orders::order, orderId).stream().findFirst();
    }

    /** The user's live order, locked for the rest of the transaction. */
    public Optional<Order> findLive(String accountId, String userId) {
        return jdbc.query("SELECT * FROM orders WHERE account_id = ? AND user_id = ? AND status IN " + LIVE
                + " FOR UPDATE", Orders::order, accountId, userId).stream().findFirst();
    }

    /**
     * Whether the credential is on a live order of another account user ({@code orders_one_live_per_credential}
     * serves it). Read without a lock: the index stops a second live order of the credential whatever was read, and a
     * lock on another user's order would hold this order up behind that user's status events.
     */
    public boolean isCredentialLiveElsewhere(String credentialId, String accountId, String userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM orders WHERE credential_id = ?"
                + " AND status IN " + LIVE + " AND NOT (account_id = ? AND user_id = ?))", Boolean.class,
                credentialId, accountId, userId));
    }

    /**
     * When the {@code nth} newest order the caller placed for the account through the HTTP door after {@code since}
     * was accepted (1: the newest); empty when it placed fewer. The door keeps only the orders it accepts
     * ({@code orders_portal_by_caller} serves it).
     */
    public Optional<Instant> nthNewestPortalOrderBy(String orderedBy, String accountId, Instant since, int nth) {
        return jdbc.queryForList("""
                SELECT created_at FROM orders WHERE channel = 'PORTAL' AND ordered_by = ? AND account_id = ?
                  AND created_at > ? ORDER BY created_at DESC OFFSET ? LIMIT 1""", Timestamp.class, orderedBy,
                accountId, Timestamp.from(since), nth - 1).stream().findFirst().map(Timestamp::toInstant);
    }

    /**
     * An address as the bound on orders to one mailbox counts it ({@code orders_portal_by_address} indexes the same
     * expression): without a {@code +tag} in its local part, which most mail providers deliver to the address without
     * it, and with its ASCII letters in lower case whatever the database's locale ({@code COLLATE "C"}: a Turkish one
     * would not make {@code I} an {@code i}). Addresses are ASCII ({@code OrderValidator}).
     */
    static String mailbox(String column) {
        return "lower(regexp_replace(" + column + ", '\\+[^@]*@', '@') COLLATE \"C\")";
    }

    /**
     * As {@link #nthNewestPortalOrderBy}, for the HTTP door's orders of the account to the address's mailbox
     * ({@link #mailbox}), of every caller ({@code orders_portal_by_address}).
     */
    public Optional<Instant> nthNewestPortalOrderTo(String accountId, String email, Instant since, int nth) {
        return jdbc.queryForList("SELECT created_at FROM orders WHERE channel = 'PORTAL' AND account_id = ? AND "
                + mailbox("email") + " = " + mailbox("?") + " AND created_at > ? ORDER BY created_at DESC OFFSET ? "
                + "LIMIT 1", Timestamp.class, accountId, email, Timestamp.from(since), nth - 1).stream().findFirst()
                .map(Timestamp::toInstant);
    }

    /** Locks the order for the rest of the transaction. */
    public Optional<Order> findForUpdate(String orderId) {
        return jdbc.query("SELECT * FROM orders WHERE order_id = ? FOR UPDATE", Orders::order, orderId).stream()
                .findFirst();
    }

    /**
     * Moves the order as {@code change} says, if it is the user's and the change applies to its status
     * ({@link OrderStatus#after}), in one statement that locks it (the lock taken first, the order read as it is then,
     * and changed by the same statement): what was found and whether it moved, empty when there is no such order.
     */
    public Optional<Move> move(String orderId, String accountId, String userId, Change change, Instant at) {
        return move(MOVE_BY_ID, orderId, null, accountId, userId, change, at);
    }

    /** As {@link #move(String, String, String, Change, Instant)}, for the user's live order. */
    public Optional<Move> moveLive(String accountId, String userId, Change change, Instant at) {
        return move(MOVE_LIVE, accountId, userId, accountId, userId, change, at);
    }

    private Optional<Move> move(String sql, String first, @Nullable String second, String accountId, String userId,
            Change change, Instant at) {
        Transitions transitions = TRANSITIONS.get(change);
        List<Move> found = jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(sql);
            int n = 1;
            statement.setString(n++, first);
            if (second != null) {
                statement.setString(n++, second);
            }
            statement.setString(n++, transitions.to());
            statement.setString(n++, transitions.from());
            statement.setTimestamp(n++, Timestamp.from(at));
            statement.setString(n++, accountId);
            statement.setString(n++, userId);
            statement.setString(n, transitions.from());
            return statement;
        }, (rs, row) -> new Move(rs.getString("order_id"), rs.getString("account_id"), rs.getString("user_id"),
                OrderStatus.valueOf(rs.getString("status")), status(rs.getString("moved_to"))));
        return found.stream().findFirst();
    }

    private static @Nullable OrderStatus status(@Nullable String name) {
        return name == null ? null : OrderStatus.valueOf(name);
    }

    /**
     * An order a move looked at: its owner, its status when locked, and the status it moved to (null: it did not, it
     * is another user's or the change does not apply to its status).
     */
    public record Move(String orderId, String accountId, String userId, OrderStatus from, @Nullable OrderStatus to) {
    }

    /** {@link OrderStatus#after} of a change as two SQL arrays: the statuses it applies to, and what each becomes. */
    private record Transitions(String from, String to) {

        static Transitions of(Change change) {
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (OrderStatus status : OrderStatus.values()) {
                status.after(change).ifPresent(next -> {
                    from.add(status.name());
                    to.add(next.name());
                });
            }
            return new Transitions("{" + String.join(",", from) + "}", "{" + String.join(",", to) + "}");
        }
    }

    public void updateStatus(String orderId, OrderStatus status, Instant at) {
        jdbc.update("UPDATE orders SET status = ?, updated_at = ? WHERE order_id = ?", status.name(),
                Timestamp.from(at), orderId);
    }

    /**
     * The account's orders, newest first: those of a status and channel this version knows. An order a later version
     * wrote (a status added since, seen during a rolling deploy or after a rollback) is left out of the list until an
     * instance of that version lists it; mapped here, it would fail the whole page, every order of the account with it.
     */
    public List<Order> ofAccount(String accountId, int page, int size) {
        return jdbc.query("SELECT * FROM orders WHERE account_id = ? AND " + READABLE
                + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?", Orders::order, accountId, size,
                (long) page * size);
    }

    /** How many orders {@link #ofAccount} pages through. */
    public long countOfAccount(String accountId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM orders WHERE account_id = ? AND " + READABLE,
                Long.class, accountId);
        return count == null ? 0 : count;
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getString("order_id"), OrderChannel.valueOf(rs.getString("channel")),
                rs.getString("account_id"), rs.getString("user_id"), rs.getString("email"), rs.getString("type"),
                rs.getString("credential_id"), rs.getString("promo_code"), rs.getString("ordered_by"),
                rs.getBigDecimal("monthly_fee"), OrderStatus.valueOf(rs.getString("status")),
                reasons(rs.getString("reasons")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(value -> "'" + value.name() + "'").collect(Collectors.joining(", "));
    }

    private static List<Reason> reasons(@Nullable String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return ContractJson.mapper().readValue(json, REASONS);
        } catch (JacksonException e) {
            throw new IllegalStateException("Stored reasons are not JSON", e);
        }
    }

    private static String json(List<Reason> reasons) {
        try {
            return ContractJson.mapper().writeValueAsString(reasons);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}

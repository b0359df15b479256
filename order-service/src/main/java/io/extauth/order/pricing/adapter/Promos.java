package io.extauth.order.pricing.adapter;

import io.extauth.contract.AuthType;
import io.extauth.order.pricing.Promo;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The promo table. */
@Repository
public class Promos {

    private static final String COLUMNS = "code, percent_off, amount_off, valid_from, valid_until, "
            + "array_to_string(applies_to, ',') AS applies_to";

    private final JdbcTemplate jdbc;

    Promos(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The promo of that code, matched as {@link Promo#normalize} spells it. */
    public Optional<Promo> find(String code) {
        return jdbc.query("SELECT " + COLUMNS + " FROM promos WHERE code = ?", Promos::promo,
                Promo.normalize(code)).stream().findFirst();
    }

    public List<Promo> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM promos ORDER BY code", Promos::promo);
    }

    /** Creates the promo or replaces the one of the same code; returns whether it was new. */
    public boolean save(Promo promo) {
        String types = promo.appliesTo().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        Boolean inserted = jdbc.queryForObject("""
                INSERT INTO promos (code, percent_off, amount_off, valid_from, valid_until, applies_to, updated_at)
                VALUES (?, ?, ?, ?, ?, string_to_array(?, ','), now())
                ON CONFLICT (code) DO UPDATE SET percent_off = EXCLUDED.percent_off,
                    amount_off = EXCLUDED.amount_off, valid_from = EXCLUDED.valid_from,
                    valid_until = EXCLUDED.valid_until, applies_to = EXCLUDED.applies_to, updated_at = now()
                RETURNING (xmax = 0)""", Boolean.class, promo.code(), promo.percentOff(), promo.amountOff(),
                Date.valueOf(promo.validFrom()), Date.valueOf(promo.validUntil()), types);
        return Boolean.TRUE.equals(inserted);
    }

    private static Promo promo(ResultSet rs, int row) throws SQLException {
        return new Promo(rs.getString("code"), rs.getBigDecimal("percent_off"), rs.getBigDecimal("amount_off"),
                rs.getDate("valid_from").toLocalDate(), rs.getDate("valid_until").toLocalDate(),
                Arrays.stream(rs.getString("applies_to").split(",")).map(AuthType::valueOf)
                        .collect(Collectors.toSet()));
    }
}

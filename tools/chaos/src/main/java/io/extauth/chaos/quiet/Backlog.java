package io.extauth.chaos.quiet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the cluster still has to do: the consumer lag of every group (end offset minus committed offset, summed) and
 * the rows in every schema's {@code outbox} table. Zero and zero is quiet.
 */
public final class Backlog implements AutoCloseable {

    /** A measurement; {@code error} when one of the two could not be read (a broker or the database down). */
    public record Reading(long lag, long outbox, String error) {

        public boolean quiet() {
            return lag == 0 && outbox == 0 && error.isEmpty();
        }

        @Override
        public String toString() {
            return error.isEmpty() ? "lag " + lag + ", outbox " + outbox : error;
        }
    }

    private final Admin admin;
    private final String jdbcUrl;
    private final Properties jdbc = new Properties();

    public Backlog(String bootstrapServers, String jdbcUrl, String user, String password) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(props);
        this.jdbcUrl = jdbcUrl;
        jdbc.setProperty("user", user);
        jdbc.setProperty("password", password);
        jdbc.setProperty("connectTimeout", "3");
        jdbc.setProperty("socketTimeout", "5");
    }

    public Reading read() {
        try {
            return new Reading(lag(), outbox(), "");
        } catch (SQLException | ExecutionException | TimeoutException | RuntimeException e) {
            return new Reading(-1, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading(-1, -1, "interrupted");
        }
    }

    long lag() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> committed = new HashMap<>();
        List<Map<TopicPartition, Long>> perGroup = new ArrayList<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> groupOffsets = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    groupOffsets.put(partition, offset.offset());
                    committed.put(partition, 0L);
                }
            });
            perGroup.add(groupOffsets);
        }
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map<TopicPartition, Long> group : perGroup) {
            for (Map.Entry<TopicPartition, Long> entry : group.entrySet()) {
                lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue());
            }
        }
        return lag;
    }

    long outbox() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, jdbc);
                Statement statement = connection.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet tables = statement.executeQuery(
                    "select table_schema from information_schema.tables where table_name = 'outbox'")) {
                while (tables.next()) {
                    schemas.add(tables.getString(1));
                }
            }
            long rows = 0;
            for (String schema : schemas) {
                try (ResultSet count = statement.executeQuery("select count(*) from \"" + schema + "\".outbox")) {
                    count.next();
                    rows += count.getLong(1);
                }
            }
            return rows;
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}

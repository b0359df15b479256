package io.extauth.bench.scenario;

import io.extauth.bench.kafka.KafkaClients;
import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.stats.Rate;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What this machine's broker and database can do, measured in the same run: records of the size of an
 * {@code OrderPlaced} (same headers) produced flat out to a throwaway topic {@code bench.baseline} with the services'
 * producer settings and consumed back; single-row INSERTs (autocommit, one row per statement) into a throwaway table
 * in schema {@code bench}, from one connection and from four (the four services) at once.
 */
public final class BaselineScenario {

    public static final String NAME = "baseline";
    public static final String TITLE = "Baseline: the same broker and database, raw";
    public static final String PRODUCE = "Kafka produce (acks=all, idempotent, linger 5 ms)";
    public static final String CONSUME = "Kafka consume (one consumer, 3 partitions)";
    public static final String INSERT_1 = "PostgreSQL INSERT, 1 connection";
    public static final String INSERT_4 = "PostgreSQL INSERT, 4 connections";
    static final String TOPIC = "bench.baseline";

    private final BenchSettings settings;
    private final RunIds ids;
    private final PrintStream progress;

    public BaselineScenario(BenchSettings settings, RunIds ids, PrintStream progress) {
        this.settings = settings;
        this.ids = ids;
        this.progress = progress;
    }

    public ScenarioResult run() throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Duration duration = settings.baselineDuration();
        ProducerRecord<String, byte[]> sample = Orders.record(Orders.order(ids, ids.user("b", 0), true));
        int valueBytes = sample.value().length;
        details.put("recordValueBytes", valueBytes);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers()))) {
            if (admin.listTopics().names().get().contains(TOPIC)) {
                admin.deleteTopics(List.of(TOPIC)).all().get();
            }
            createTopic(admin);
            progress.printf(Locale.ROOT, "baseline: Kafka produce for %d s...%n", duration.toSeconds());
            long[] produced = produce(duration);
            rows.add(Row.rate(PRODUCE, produced[0], Rate.perSecond(produced[0], produced[1]), "records/s"));
            progress.println("baseline: Kafka consume...");
            try (KafkaConsumer<String, byte[]> consumer = KafkaClients.bulkConsumer(settings.bootstrapServers())) {
                List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                        .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
                long[] consumed = AuditScenario.drain(consumer, partitions);
                rows.add(Row.rate(CONSUME, consumed[0], Rate.perSecond(consumed[0], consumed[1]), "records/s"));
            }
            admin.deleteTopics(List.of(TOPIC)).all().get();
        }
        progress.printf(Locale.ROOT, "baseline: PostgreSQL inserts for 2 x %d s...%n", duration.toSeconds());
        try (Connection setup = connect()) {
            try (Statement statement = setup.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS bench");
                statement.execute("DROP TABLE IF EXISTS bench.baseline");
                statement.execute("CREATE TABLE bench.baseline (id bigserial PRIMARY KEY, user_id text NOT NULL, "
                        + "data text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
            }
            String data = new String(sample.value(), java.nio.charset.StandardCharsets.UTF_8);
            for (int connections : new int[] {1, 4}) {
                long[] inserted = insert(connections, duration, data);
                rows.add(Row.rate(connections == 1 ? INSERT_1 : INSERT_4, inserted[0],
                        Rate.perSecond(inserted[0], inserted[1]), "inserts/s"));
            }
            try (Statement statement = setup.createStatement()) {
                statement.execute("DROP SCHEMA bench CASCADE");
            }
        }
        notes.add(String.format(Locale.ROOT, "record value %d bytes (an OrderPlaced) + 7 CloudEvents headers; "
                + "topic %s (3 partitions) deleted afterwards", valueBytes, TOPIC));
        notes.add("INSERT rows carry the same JSON; table bench.baseline dropped afterwards; the stack's PostgreSQL "
                + "runs with synchronous_commit=off");
        return new ScenarioResult(NAME, TITLE, ScenarioResult.Status.RAN, rows, notes, details);
    }

    private static void createTopic(Admin admin) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // the deletion may still be under way
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private long[] produce(Duration duration) {
        AtomicLong acked = new AtomicLong();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(settings.bootstrapServers())) {
            for (long n = 0; System.nanoTime() < end; n++) {
                var order = Orders.record(Orders.order(ids, ids.user("b", n), true));
                producer.send(new ProducerRecord<>(TOPIC, null, order.key(), order.value(), order.headers()),
                        (metadata, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        return new long[] {acked.get(), System.nanoTime() - started};
    }

    private long[] insert(int connections, Duration duration, String data) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            List<Future<Long>> counts = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                counts.add(pool.submit(() -> {
                    long count = 0;
                    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO bench.baseline (user_id, data) VALUES (?, ?)")) {
                        connection.setAutoCommit(true);
                        while (System.nanoTime() < end) {
                            insert.setString(1, "bench-user-" + count);
                            insert.setString(2, data);
                            insert.executeUpdate();
                            count++;
                        }
                    }
                    return count;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return new long[] {total, System.nanoTime() - started};
        } finally {
            pool.shutdownNow();
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.jdbcUser());
        props.setProperty("password", settings.jdbcPassword());
        return DriverManager.getConnection(settings.jdbcUrl(), props);
    }
}

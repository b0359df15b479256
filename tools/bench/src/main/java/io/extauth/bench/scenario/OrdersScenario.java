package io.extauth.bench.scenario;

import tools.jackson.databind.JsonNode;
import io.extauth.bench.kafka.KafkaClients;
import io.extauth.bench.kafka.TopicTail;
import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.stats.LatencyRecorder;
import io.extauth.bench.stats.Rate;
import io.extauth.contract.Topics;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderRejected;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Orders: {@code OrderPlaced} on {@code billing.orders}, each for a fresh user, until its {@code EmailSent} arrives on
 * {@code auth.email-sent} (or its rejection on {@code billing.orders.rejected}). Two runs: at a fixed rate for the
 * duration, then a burst published flat out. Latency is from publishing to the e-mail event's arrival.
 */
public final class OrdersScenario {

    /** What ends a workflow: its e-mail sent, or its order rejected (a withdrawn e-mail, on that topic, does not). */
    private static final Set<String> DONE_BY = Set.of(EmailSent.class.getSimpleName(),
            OrderRejected.class.getSimpleName());

    /**
     * The user-id kind of the low-rate run's orders. Never {@link LoginSetup#USERS}: the login scenario orders its
     * users by id after this scenario, and an order for a user already ordered makes no new provisioning e-mail.
     */
    static final String LATENCY_USERS = "lat";

    /** The user-id kind of the warm-up's orders: users of their own, as {@link #LATENCY_USERS}. */
    static final String WARMUP_USERS = "w";

    public static final String NAME = "orders";
    public static final String TITLE = "Orders: OrderPlaced on billing.orders -> EmailSent on auth.email-sent";

    private final BenchSettings settings;
    private final RunIds ids;
    private final PrintStream progress;
    private final Compilers compilers;

    public OrdersScenario(BenchSettings settings, RunIds ids, PrintStream progress, Compilers compilers) {
        this.settings = settings;
        this.ids = ids;
        this.progress = progress;
        this.compilers = compilers;
    }

    /** One run's orders in flight: user id to publish time. */
    private static final class Phase {
        final Map<String, Long> pending = new ConcurrentHashMap<>();
        final LatencyRecorder latency = new LatencyRecorder();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile long firstPublishNanos;
        volatile long lastDoneNanos;
        long sent;

        void onEvent(String topic, JsonNode data, long arrivedNanos) {
            Long published = pending.remove(data.path("userId").asText());
            if (published == null) {
                return;
            }
            if (Topics.BILLING_ORDERS_REJECTED.equals(topic)) {
                rejected.incrementAndGet();
            } else {
                latency.record(published, arrivedNanos);
                completed.incrementAndGet();
            }
            lastDoneNanos = arrivedNanos;
        }
    }

    /** @param warmedUp told when the warm-up is over: what follows is measured */
    public ScenarioResult run(Runnable warmedUp) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        AtomicReference<Phase> current = new AtomicReference<>();
        try (TopicTail tail = TopicTail.start(settings.bootstrapServers(),
                List.of(Topics.AUTH_EMAIL_SENT, Topics.BILLING_ORDERS_REJECTED), DONE_BY, (topic, data, arrived) -> {
                    Phase phase = current.get();
                    if (phase != null) {
                        phase.onEvent(topic, data, arrived);
                    }
                });
                KafkaProducer<String, byte[]> producer = KafkaClients.producer(settings.bootstrapServers())) {
            if (settings.warmsUp()) {
                current.set(new Phase());
                String warm = warmUp(current.get(), producer);
                notes.add(settings.orderBurst() <= 0 ? warm : compilers.settle(warm, settings.warmupBursts(),
                        settings.settledJitShare(), n -> {
                            current.set(new Phase());
                            runPhase("warm-up burst " + n + ": flat out (" + settings.orderBurst() + " at once)",
                                    WARMUP_USERS + "b" + n + "-", settings.orderBurst(), 0, current.get(), producer,
                                    new ArrayList<>());
                        }, details));
            }
            warmedUp.run();
            if (settings.latencyRate() > 0) {
                long count = Math.max(1, Math.round(settings.latencyRate() * settings.duration().toMillis() / 1000.0));
                String label = String.format(Locale.ROOT, "low rate: %s/s for %d s", plain(settings.latencyRate()),
                        settings.duration().toSeconds());
                current.set(new Phase());
                rows.add(runPhase(label, LATENCY_USERS, count, settings.latencyRate(), current.get(), producer, notes));
            }
            if (settings.orderRate() > 0) {
                long count = Math.max(1, Math.round(settings.orderRate() * settings.duration().toMillis() / 1000.0));
                String label = String.format(Locale.ROOT, "at %s/s for %d s", plain(settings.orderRate()),
                        settings.duration().toSeconds());
                current.set(new Phase());
                rows.add(runPhase(label, "r", count, settings.orderRate(), current.get(), producer, notes));
            }
            if (settings.orderBurst() > 0) {
                current.set(new Phase());
                rows.add(runPhase("flat out (" + settings.orderBurst() + " at once)", "f", settings.orderBurst(), 0,
                        current.get(), producer, notes));
            }
            ramp(current, producer, rows, notes, details);
        }
        notes.add("rate = completed workflows / (last EmailSent - first publish); each workflow is 4 events on 4 "
                + "topics, 3 services' transactions (inbox + state + outbox) and a vendor call and an SMTP send");
        details.put("workflowEvents", List.of("OrderPlaced", "AuthOrdered", "Provisioned", "EmailSent"));
        return new ScenarioResult(NAME, TITLE, ScenarioResult.Status.RAN, rows, notes, details);
    }

    /**
     * Orders for the warm-up's own users at the warm-up rate for its whole duration, publishing paused while more than
     * a quarter of {@code --max-backlog} is in flight: a cold stack takes far less than the rate, and a run that stopped
     * at the backlog (as the fixed-rate run does) would have warmed it with a few thousand orders. Then the rest drains.
     */
    private String warmUp(Phase phase, KafkaProducer<String, byte[]> producer) throws InterruptedException {
        String label = String.format(Locale.ROOT, "warm-up: %s/s offered for %d s", plain(settings.warmupRate()),
                settings.warmup().toSeconds());
        progress.printf(Locale.ROOT, "orders: %s...%n", label);
        int inFlight = Math.max(1, settings.maxBacklog() / 4);
        Pacer pacer = new Pacer(settings.warmupRate());
        pacer.start();
        long end = System.nanoTime() + settings.warmup().toNanos();
        for (long n = 0; System.nanoTime() < end; n++) {
            pacer.awaitTurn(n);
            while (phase.pending.size() > inFlight && System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            publish(phase, producer, ids.user(WARMUP_USERS, n), n);
        }
        producer.flush();
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (!phase.pending.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return String.format(Locale.ROOT, "%s (at most %,d in flight), %,d of %,d orders done: before every figure "
                + "and the CPU window, in none of them", label, inFlight, phase.completed.get(), phase.sent);
    }

    /** Doubling rates until p99 or completion fails: the highest rate the stack sustains under the target. */
    private void ramp(AtomicReference<Phase> current, KafkaProducer<String, byte[]> producer, List<Row> rows,
            List<String> notes, Map<String, Object> details) throws InterruptedException {
        Ramp ramp = settings.orderRamp();
        if (ramp.maxSteps() <= 0) {
            return;
        }
        Ramp.Climb climb = ramp.climb(settings.rampStep(), (step, label, rate) -> {
            long count = Math.max(1, Math.round(rate * settings.rampStep().toMillis() / 1000.0));
            current.set(new Phase());
            Row row = runPhase(label, "s" + step, count, rate, current.get(), producer, notes);
            rows.add(row);
            return new Ramp.Offered(row, count);
        });
        notes.add(climb.note("workflows"));
        details.put("rampSustainedPerSecond", climb.sustainedRate());
    }

    private Row runPhase(String label, String kind, long count, double rate, Phase phase,
            KafkaProducer<String, byte[]> producer, List<String> notes) throws InterruptedException {
        progress.printf(Locale.ROOT, "orders: %s, %,d orders...%n", label, count);
        Pacer pacer = new Pacer(rate);
        pacer.start();
        phase.firstPublishNanos = System.nanoTime();
        long stoppedAt = -1;
        for (long n = 0; n < count; n++) {
            pacer.awaitTurn(n);
            if (rate > 0 && phase.pending.size() > settings.maxBacklog()) {
                stoppedAt = n;
                break;
            }
            publish(phase, producer, ids.user(kind, n), n);
        }
        producer.flush();
        long publishedNanos = System.nanoTime() - phase.firstPublishNanos;
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        long lastReport = System.nanoTime();
        while (!phase.pending.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                progress.printf(Locale.ROOT, "orders:   %,d done, %,d in flight%n", phase.completed.get(),
                        phase.pending.size());
                lastReport = System.nanoTime();
            }
        }
        if (stoppedAt >= 0) {
            notes.add(String.format(Locale.ROOT, "%s: stopped publishing after %,d orders (%.1f s): more than %,d were "
                    + "in flight, so the stack cannot sustain this rate; the latencies include that queue", label,
                    stoppedAt, publishedNanos / 1e9, settings.maxBacklog()));
        }
        long unfinished = phase.pending.size();
        if (unfinished > 0) {
            notes.add(String.format(Locale.ROOT, "%s: %,d orders without EmailSent after the drain timeout of %s",
                    label, unfinished, human(settings.drainTimeout())));
        }
        if (phase.rejected.get() > 0) {
            notes.add(String.format(Locale.ROOT, "%s: %,d orders rejected", label, phase.rejected.get()));
        }
        notes.add(String.format(Locale.ROOT, "%s: published in %.1f s (offered %s/s)", label, publishedNanos / 1e9,
                plain(Rate.perSecond(phase.sent, publishedNanos))));
        double perSecond = Rate.perSecond(phase.completed.get(), phase.lastDoneNanos - phase.firstPublishNanos);
        return new Row(label, phase.sent, phase.completed.get(), phase.rejected.get() + unfinished, perSecond,
                "workflows/s", phase.latency.latency(), Map.of());
    }

    private void publish(Phase phase, KafkaProducer<String, byte[]> producer, String userId, long n) {
        var record = Orders.record(Orders.order(ids, userId, n % 2 == 1));
        phase.pending.put(userId, System.nanoTime());
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                phase.pending.remove(userId);
            }
        });
        phase.sent++;
    }

    static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String human(Duration duration) {
        return duration.toSeconds() + " s";
    }
}

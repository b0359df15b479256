package io.extauth.chaos.drive;

import io.extauth.bench.kafka.KafkaClients;
import io.extauth.bench.scenario.LoginSetup;
import io.extauth.bench.scenario.LoginUser;
import io.extauth.bench.scenario.Orders;
import io.extauth.bench.scenario.RunIds;
import io.extauth.bench.scenario.UserDevice;
import io.extauth.bench.stack.Http;
import io.extauth.chaos.check.Intent;
import io.extauth.chaos.check.Ledger;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jspecify.annotations.Nullable;

/**
 * Drives orders and logins as the benchmark does (its order records, user activation and the user's phone and token
 * are reused), while faults come and go. Behaves like a portal in front of two challenge-service instances: a request
 * that could not reach one instance, or got 502/503/504, goes to the other until {@code patience} runs out. One
 * challenge per user at a time, and never two strikes in a row for a user, so a lockout can only come from a strike
 * the user did not earn.
 */
public final class Driver implements AutoCloseable {

    private static final long RESULT_MARGIN_MILLIS = 90_000;

    private final Target target;
    private final RunIds ids;
    private final Ledger ledger;
    private final Outcomes outcomes;
    private final PrintStream progress;
    private final Http http = new Http();
    private final UserDevice device;
    private final String token;
    private final KafkaProducer<String, byte[]> producer;
    private final LinkedBlockingQueue<LoginUser> idle = new LinkedBlockingQueue<>();
    private final Map<String, Boolean> lastStrike = new ConcurrentHashMap<>();
    private final AtomicInteger nextInstance = new AtomicInteger();
    private final AtomicLong orderNumber = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom();

    public Driver(Target target, RunIds ids, String token, Ledger ledger, Outcomes outcomes, PrintStream progress) {
        this.target = target;
        this.ids = ids;
        this.token = token;
        this.ledger = ledger;
        this.outcomes = outcomes;
        this.progress = progress;
        this.device = new UserDevice(http, target.simulatorUrl());
        this.producer = KafkaClients.producer(target.bootstrapServers());
    }

    /** Orders and activates the login users (recorded as the orders of {@code phase}). */
    public void setUp(String phase) throws InterruptedException {
        LoginSetup.Plan plan = new LoginSetup.Plan(target.bootstrapServers(), target.challengeUrls().get(0),
                target.simulatorUrl(), target.users(), 0.5, Duration.ofMinutes(3));
        for (LoginUser user : new LoginSetup(plan, ids, http, token, progress).create()) {
            ledger.ordered(phase, user.userId());
            idle.add(user);
        }
    }

    /** What the load of one phase could not do (not findings: the requests the cluster refused or never answered). */
    public static final class Refusals {
        public final AtomicLong ordersNotAcknowledged = new AtomicLong();
        public final AtomicLong challengeRequestsFailed = new AtomicLong();
        public final AtomicLong answersFailed = new AtomicLong();
        public final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();

        void add(String kind) {
            kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public String toString() {
            return "orders not acknowledged " + ordersNotAcknowledged + ", challenge requests failed "
                    + challengeRequestsFailed + ", answers not taken " + answersFailed + " " + kinds;
        }
    }

    /** The load of one phase, running until {@link #stop()}. */
    public final class Load {
        private final String phase;
        private final Refusals refusals = new Refusals();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        private Load(String phase) {
            this.phase = phase;
        }

        private void start() {
            threads.add(daemon("chaos-orders", this::orders));
            for (int i = 0; i < target.loginWorkers(); i++) {
                threads.add(daemon("chaos-login-" + i, this::logins));
            }
        }

        /** Stops issuing; waits for the challenges in flight to be answered and decided, and the orders acknowledged. */
        public Refusals stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(RESULT_MARGIN_MILLIS + target.patience().toMillis() + 60_000);
            }
            producer.flush();
            return refusals;
        }

        private void orders() {
            long intervalNanos = (long) (1e9 / Math.max(0.1, target.orderRate()));
            long next = System.nanoTime();
            while (running) {
                long n = orderNumber.getAndIncrement();
                String userId = ids.user("o", n);
                try {
                    producer.send(Orders.record(Orders.order(ids, userId, n % 2 == 0)), (metadata, failure) -> {
                        if (failure == null) {
                            ledger.ordered(phase, userId);
                        } else {
                            refusals.ordersNotAcknowledged.incrementAndGet();
                            refusals.add("order: " + failure.getClass().getSimpleName());
                        }
                    });
                } catch (RuntimeException e) {
                    refusals.ordersNotAcknowledged.incrementAndGet();
                    refusals.add("order: " + e.getClass().getSimpleName());
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void logins() {
            try {
                while (running) {
                    LoginUser user = idle.poll(100, TimeUnit.MILLISECONDS);
                    if (user == null) {
                        continue;
                    }
                    if (!user.canAnswerNow()) {
                        idle.add(user);
                        TimeUnit.MILLISECONDS.sleep(50);
                        continue;
                    }
                    if (login(user)) {
                        idle.add(user);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** One login; false when the user is locked and leaves the pool. */
        private boolean login(LoginUser user) throws InterruptedException {
            Intent intent = intent(user);
            Http.Answer issued;
            try {
                issued = challengeService(base -> http.post(base + "/api/challenges", token,
                        Map.of("accountId", ids.account(), "userId", user.userId(), "channel", "PORTAL")), false);
            } catch (RuntimeException e) {
                refusals.challengeRequestsFailed.incrementAndGet();
                refusals.add("challenge: " + e.getClass().getSimpleName());
                TimeUnit.SECONDS.sleep(1);
                return true;
            }
            if (issued.status() == 423) {
                refusals.add("challenge: 423 locked " + user.userId());
                return false;
            }
            if (issued.status() != 201 && issued.status() != 200) {
                refusals.challengeRequestsFailed.incrementAndGet();
                refusals.add("challenge: " + issued.status());
                TimeUnit.SECONDS.sleep(1);
                return true;
            }
            // 200: the user's challenge that is still open (e.g. one whose 201 was lost with a killed instance); the
            // user answers it as first decided
            String challengeId = issued.text("challengeId");
            intent = ledger.challenged(phase, challengeId, user.userId(), intent);
            lastStrike.put(user.userId(), intent != Intent.RIGHT);
            if (intent != Intent.UNANSWERED && !answer(user, challengeId, intent == Intent.WRONG)) {
                refusals.answersFailed.incrementAndGet();
            }
            long wait = RESULT_MARGIN_MILLIS + (intent == Intent.UNANSWERED ? 120_000 : 0);
            String outcome = outcomes.awaitResult(challengeId, wait);
            return !"LOCKED_OUT".equals(outcome);
        }

        /** Answers as the user would, again while the vendor or the service is away, until patience runs out. */
        private boolean answer(LoginUser user, String challengeId, boolean wrong) throws InterruptedException {
            long deadline = System.currentTimeMillis() + target.patience().toMillis();
            if (user.symantec()) {
                String code = null;
                while (code == null) {
                    try {
                        code = device.symantecCode(user, wrong);
                    } catch (RuntimeException e) {
                        if (System.currentTimeMillis() > deadline) {
                            refusals.add("answer: simulator unreachable");
                            return false;
                        }
                        TimeUnit.MILLISECONDS.sleep(500);
                    }
                }
                String typed = code;
                try {
                    Http.Answer answered = challengeService(base -> http.post(base + "/api/challenges/" + challengeId
                            + "/responses", token, Map.of("accountId", ids.account(), "userId", user.userId(),
                            "code", typed)), true);
                    if (!answered.ok()) {
                        refusals.add("answer: " + answered.status());
                    }
                    return answered.ok();
                } catch (RuntimeException e) {
                    refusals.add("answer: " + e.getClass().getSimpleName());
                    return false;
                }
            }
            while (true) {
                try {
                    String callId = device.ringingCall(user.phone(), challengeId, deadline);
                    Http.Answer answered = device.answerCall(callId, "#");
                    if (answered.ok() || answered.status() == 409) {
                        return answered.ok();
                    }
                    refusals.add("answer call: " + answered.status());
                } catch (RuntimeException e) {
                    if (e instanceof IllegalStateException && e.getMessage() != null
                            && e.getMessage().startsWith("no ringing call")) {
                        refusals.add("answer call: never rang");
                        return false;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    refusals.add("answer call: gave up");
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Starts the load of a phase. */
    public Load start(String phase) {
        Load load = new Load(phase);
        load.start();
        return load;
    }

    private Intent intent(LoginUser user) {
        if (Boolean.TRUE.equals(lastStrike.get(user.userId()))) {
            return Intent.RIGHT;
        }
        double draw = random.nextDouble();
        if (user.symantec()) {
            return draw < target.wrongShare() ? Intent.WRONG : Intent.RIGHT;
        }
        return draw < target.unansweredShare() ? Intent.UNANSWERED : Intent.RIGHT;
    }

    /**
     * The request against one instance, then the other: a connection that fails, or a 502/503/504, moves on. With
     * {@code retry} (an answer: sending it again is safe, a 503 says nothing was decided) until patience runs out;
     * without (a new challenge: sending it again could call the user twice) only while the request could not be
     * sent at all.
     */
    private Http.Answer challengeService(Function<String, Http.Answer> request, boolean retry)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + target.patience().toMillis();
        List<String> urls = target.challengeUrls();
        @Nullable RuntimeException lastFailure = null;
        Http.Answer last = null;
        while (System.currentTimeMillis() < deadline) {
            String base = urls.get(Math.floorMod(nextInstance.getAndIncrement(), urls.size()));
            try {
                last = request.apply(base);
                if (last.status() < 502 || last.status() > 504 || !retry) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
                if (!retry && !isConnectFailure(e)) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        if (last != null) {
            return last;
        }
        throw lastFailure != null ? lastFailure : new IllegalStateException("no challenge-service instance answered");
    }

    private static boolean isConnectFailure(RuntimeException e) {
        Throwable cause = e.getCause();
        return cause instanceof java.net.ConnectException
                || cause instanceof java.net.http.HttpConnectTimeoutException;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

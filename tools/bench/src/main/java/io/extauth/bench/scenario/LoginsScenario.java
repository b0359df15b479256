package io.extauth.bench.scenario;

import tools.jackson.databind.JsonNode;
import io.extauth.bench.kafka.TopicTail;
import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.stack.Http;
import io.extauth.bench.stack.Tokens;
import io.extauth.bench.stats.LatencyRecorder;
import io.extauth.bench.stats.Rate;
import io.extauth.contract.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logins: activated users (PhoneFactor by phone call and Symantec VIP, mixed) challenged through
 * {@code POST /api/challenges} at a fixed rate, then flat out, each answered as the user would: the call answered on
 * the simulator with {@code #}, the Symantec code typed into {@code POST /api/challenges/{id}/responses}. A share of
 * the answers is wrong ({@link WrongAnswers}), so some users lock. Latency is from sending the answer to its
 * {@code ChallengeResult} arriving on {@code auth.challenge-result}. One challenge per user at a time.
 */
public final class LoginsScenario {

    public static final String NAME = "logins";
    public static final String TITLE = "Logins: answer -> ChallengeResult on auth.challenge-result";
    private static final long RESULT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final BenchSettings settings;
    private final RunIds ids;
    private final PrintStream progress;
    private final Http http = new Http();
    private final UserDevice device;
    private final String token;
    /** An admin of the run's account: unlocks the users the wrong answers locked before each run. */
    private final String adminToken;
    private final WrongAnswers wrong;
    private final SplittableRandom random = new SplittableRandom();
    private final Compilers compilers;

    public LoginsScenario(BenchSettings settings, RunIds ids, Tokens tokens, PrintStream progress,
            Compilers compilers) {
        this.settings = settings;
        this.compilers = compilers;
        this.ids = ids;
        this.progress = progress;
        this.token = tokens.portal("extauth-bench", Duration.ofHours(2));
        this.adminToken = tokens.sign("extauth-bench-admin", "ADMIN", ids.account(), Duration.ofHours(2));
        this.device = new UserDevice(http, settings.simulatorUrl());
        this.wrong = new WrongAnswers(settings.wrongShare(), settings.wrongStreak(), new SplittableRandom());
    }

    /** An answer waiting for its result. */
    private record Attempt(LoginUser user, long answeredNanos, boolean wrong, Phase phase) {
    }

    /** One run's counters. */
    private static final class Phase {
        /**
         * The paced warm-up's: every answer right, so its minute of logins locks nobody out of the pool it draws on.
         * The bursts after it answer as the measured runs do (wrong answers, lockouts, the admin's unlocks before the
         * next run), so the paths of a failure are compiled before any run is measured, not during the first.
         */
        final boolean allRight;
        final LatencyRecorder answerToResult = new LatencyRecorder();
        final LatencyRecorder issue = new LatencyRecorder();
        final AtomicLong challenged = new AtomicLong();
        final AtomicLong decided = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong noIdleUser = new AtomicLong();
        /** Logins handed to a worker and not yet answered (or failed): the phase waits for them before it counts. */
        final AtomicLong starting = new AtomicLong();
        final AtomicLong wrongAnswers = new AtomicLong();
        final AtomicLong symantecAnswers = new AtomicLong();
        final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        volatile long firstAnswerNanos;
        volatile long lastResultNanos;

        Phase(boolean allRight) {
            this.allRight = allRight;
        }

        void error(String kind) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private final Map<String, Attempt> awaiting = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<LoginUser> idle = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong locked = new AtomicLong();
    private final AtomicLong unlocked = new AtomicLong();
    private List<LoginUser> users = List.of();

    /**
     * @param setUp told when the users are ordered and activated and the warm-up is over: what follows is the logins
     *        alone
     */
    public ScenarioResult run(Runnable setUp) throws InterruptedException {
        users = new LoginSetup(LoginSetup.Plan.of(settings), ids, http, token, progress).create();
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        users.forEach(this::release);
        ExecutorService workers = Executors.newFixedThreadPool(settings.loginConcurrency());
        try (TopicTail tail = TopicTail.start(settings.bootstrapServers(), List.of(Topics.AUTH_CHALLENGE_RESULT),
                this::onResult)) {
            if (settings.warmsUp()) {
                String label = String.format(Locale.ROOT, "warm-up: %s/s for %d s", OrdersScenario.plain(
                        settings.warmupRate()), settings.warmup().toSeconds());
                Row warm = runPhase(label, settings.warmupRate(), settings.warmup(), true, workers, new ArrayList<>(),
                        new ArrayList<>(), new LinkedHashMap<>());
                String paced = String.format(Locale.ROOT, "%s, %,d of %,d logins decided, every answer right: before "
                        + "every figure and the CPU window, in none of them", label, warm.completed(), warm.attempted());
                String settled = compilers.settle(paced, settings.warmupBursts(), settings.settledJitShare(),
                        n -> runPhase("warm-up burst " + n + ": flat out for " + flatOut().toSeconds() + " s", 0,
                                flatOut(), false, workers, new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>()),
                        details);
                long waited = awaitEveryCodeUsable();
                notes.add(String.format(Locale.ROOT, "%s (each burst answers as the runs measured do: wrong answers "
                        + "at --wrong-share %s, the users it locks unlocked before the next); then %.0f s until every "
                        + "Symantec user had a code to type, so the first run measured is not PhoneFactor calls alone",
                        settled, OrdersScenario.plain(settings.wrongShare()), waited / 1e9));
            }
            setUp.run();
            if (settings.latencyRate() > 0) {
                String label = String.format(Locale.ROOT, "low rate: %s/s for %d s",
                        OrdersScenario.plain(settings.latencyRate()), settings.duration().toSeconds());
                runPhase(label, settings.latencyRate(), settings.duration(), false, workers, rows, notes, details);
            }
            if (settings.loginRate() > 0) {
                String label = String.format(Locale.ROOT, "at %s/s for %d s", OrdersScenario.plain(settings.loginRate()),
                        settings.duration().toSeconds());
                runPhase(label, settings.loginRate(), settings.duration(), false, workers, rows, notes, details);
            }
            runPhase("flat out for " + flatOut().toSeconds() + " s", 0, flatOut(), false, workers, rows, notes, details);
            ramp(workers, rows, notes, details);
        } finally {
            workers.shutdownNow();
            later.shutdownNow();
        }
        notes.add(String.format(Locale.ROOT, "%,d users (%d Symantec VIP, %d PhoneFactor call); %,d times one was "
                        + "locked (the fifth wrong answer in a row, or a call answered 0#: deny and report; the "
                        + "warm-up's bursts included), %,d of them "
                        + "unlocked by the account's admin (POST .../unlock) before the next run, so every run starts "
                        + "with all users", users.size(), users.stream().filter(u -> u.symantec).count(),
                users.stream().filter(u -> !u.symantec).count(), locked.get(), unlocked.get()));
        if (UserDevice.RETRIED_502.get() > 0) {
            notes.add(String.format(Locale.ROOT, "%,d call answers were repeated after the simulator's 502 "
                    + "CALLBACK_FAILED (its callback hit a closed keep-alive connection)", UserDevice.RETRIED_502.get()));
        }
        notes.add("a Symantec user can answer only once per 30 s TOTP step (plus one step ahead), so the mix leans "
                + "to PhoneFactor when the rate is high");
        return new ScenarioResult(NAME, TITLE, ScenarioResult.Status.RAN, rows, notes, details);
    }

    /** How long the run flat out lasts (and each burst that ends the warm-up): half the duration, at least 1 s. */
    private Duration flatOut() {
        return settings.duration().dividedBy(2).isZero() ? Duration.ofSeconds(1) : settings.duration().dividedBy(2);
    }

    /** Doubling rates until p99 or completion fails: the highest rate the stack sustains under the target. */
    private void ramp(ExecutorService workers, List<Row> rows, List<String> notes, Map<String, Object> details)
            throws InterruptedException {
        Ramp ramp = settings.loginRamp();
        if (ramp.maxSteps() <= 0) {
            return;
        }
        Ramp.Climb climb = ramp.climb(settings.rampStep(), (step, label, rate) -> new Ramp.Offered(
                runPhase(label, rate, settings.rampStep(), false, workers, rows, notes, details),
                Math.round(rate * settings.rampStep().toMillis() / 1000.0)));
        notes.add(climb.note("decisions"));
        details.put("rampSustainedPerSecond", climb.sustainedRate());
    }

    private Row runPhase(String label, double rate, Duration duration, boolean allRight, ExecutorService workers,
            List<Row> rows, List<String> notes, Map<String, Object> details) throws InterruptedException {
        progress.printf(Locale.ROOT, "logins: %s...%n", label);
        unlockLocked();
        Phase phase = new Phase(allRight);
        Pacer pacer = new Pacer(rate);
        pacer.start();
        long end = System.nanoTime() + duration.toNanos();
        phase.firstAnswerNanos = 0;
        for (long n = 0; System.nanoTime() < end; n++) {
            LoginUser user;
            if (rate > 0) {
                pacer.awaitTurn(n);
                user = idle.poll();
                if (user == null) {
                    phase.noIdleUser.incrementAndGet();
                    continue;
                }
            } else {
                user = idle.poll(100, TimeUnit.MILLISECONDS);
                if (user == null) {
                    continue;
                }
            }
            if (!user.canAnswerNow()) {
                release(user);
                continue;
            }
            LoginUser chosen = user;
            phase.starting.incrementAndGet();
            workers.execute(() -> login(chosen, phase));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // the last logins handed out may not have answered yet: without them in the wait, each phase counted one or
        // two challenges more than it decided ("201 sent, 200 done") and their results fell after its figures
        while ((phase.starting.get() > 0 || awaiting.values().stream().anyMatch(a -> a.phase() == phase))
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        long lost = awaiting.values().stream().filter(a -> a.phase() == phase).count();
        awaiting.values().removeIf(a -> a.phase() == phase);
        double perSecond = Rate.perSecond(phase.decided.get(), phase.lastResultNanos - phase.firstAnswerNanos);
        Row decisions = new Row(label, phase.challenged.get(), phase.decided.get(), phase.errors.get() + lost,
                perSecond, "decisions/s", phase.answerToResult.latency(), Map.of());
        rows.add(decisions);
        rows.add(new Row("  issue: POST /api/challenges", phase.challenged.get(), phase.issue.count(),
                phase.challenged.get() - phase.issue.count(), Rate.perSecond(phase.issue.count(), duration.toNanos()),
                "challenges/s", phase.issue.latency(), Map.of()));
        long answers = Math.max(1, phase.decided.get());
        notes.add(String.format(Locale.ROOT, "%s: outcomes %s; %.1f%% of answers wrong; %.0f%% Symantec; "
                        + "%,d ticks found no idle user; errors %s; %,d without result after 30 s", label,
                new TreeMap<>(phase.outcomes), 100.0 * phase.wrongAnswers.get() / answers,
                100.0 * phase.symantecAnswers.get() / answers, phase.noIdleUser.get(), new TreeMap<>(phase.errorKinds),
                lost));
        details.put(label, Map.of("outcomes", new TreeMap<>(phase.outcomes), "noIdleUser", phase.noIdleUser.get(),
                "errors", new TreeMap<>(phase.errorKinds), "lost", lost));
        return decisions;
    }

    /** Challenge, answer, and leave the rest to {@link #onResult}. */
    private void login(LoginUser user, Phase phase) {
        boolean returned = false;
        try {
            long issuing = System.nanoTime();
            phase.challenged.incrementAndGet();
            Http.Answer issued = http.post(settings.challengeUrl() + "/api/challenges", token,
                    Map.of("accountId", ids.account(), "userId", user.userId, "channel", "PORTAL"));
            if (issued.status() != 201) {
                phase.error("issue " + issued.status() + " " + issued.text("title"));
                if (issued.status() == 423) {
                    markLocked(user);
                    returned = true;
                }
                return;
            }
            phase.issue.record(issuing, System.nanoTime());
            String challengeId = issued.text("challengeId");
            boolean answerWrong = !phase.allRight && wrong.next(user.lastWrong);
            user.lastWrong = answerWrong;
            if (user.symantec) {
                answerSymantec(user, challengeId, answerWrong, phase);
            } else {
                answerCall(user, challengeId, answerWrong, phase);
            }
            returned = true;
        } catch (RuntimeException | InterruptedException e) {
            phase.error(e.getClass().getSimpleName());
        } finally {
            phase.starting.decrementAndGet();
            if (!returned) {
                release(user);
            }
        }
    }

    private void answerCall(LoginUser user, String challengeId, boolean answerWrong, Phase phase)
            throws InterruptedException {
        String callId = device.ringingCall(user.phone, challengeId, System.currentTimeMillis() + 5_000);
        Attempt attempt = expect(challengeId, user, answerWrong, phase);
        Http.Answer answered = device.answerCall(callId, answerWrong ? "0#" : "#");
        if (!answered.ok()) {
            awaiting.remove(challengeId, attempt);
            throw new IllegalStateException("answer " + answered.status());
        }
    }

    private void answerSymantec(LoginUser user, String challengeId, boolean answerWrong, Phase phase) {
        String code = device.symantecCode(user, answerWrong);
        phase.symantecAnswers.incrementAndGet();
        Attempt attempt = expect(challengeId, user, answerWrong, phase);
        Http.Answer answered = http.post(settings.challengeUrl() + "/api/challenges/" + challengeId + "/responses",
                token, Map.of("accountId", ids.account(), "userId", user.userId, "code", code));
        if (!answered.ok()) {
            awaiting.remove(challengeId, attempt);
            throw new IllegalStateException("responses " + answered.status());
        }
    }

    private Attempt expect(String challengeId, LoginUser user, boolean answerWrong, Phase phase) {
        long now = System.nanoTime();
        synchronized (phase) {
            if (phase.firstAnswerNanos == 0) {
                phase.firstAnswerNanos = now;
            }
        }
        if (answerWrong) {
            phase.wrongAnswers.incrementAndGet();
        }
        Attempt attempt = new Attempt(user, now, answerWrong, phase);
        awaiting.put(challengeId, attempt);
        return attempt;
    }

    private void onResult(String topic, JsonNode data, long arrivedNanos) {
        Attempt attempt = awaiting.remove(data.path("challengeId").asText());
        if (attempt == null) {
            return;
        }
        Phase phase = attempt.phase();
        String outcome = data.path("outcome").asText();
        phase.answerToResult.record(attempt.answeredNanos(), arrivedNanos);
        phase.decided.incrementAndGet();
        phase.lastResultNanos = arrivedNanos;
        phase.outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
        if ("LOCKED_OUT".equals(outcome)) {
            markLocked(attempt.user());
        } else {
            release(attempt.user());
        }
    }

    /**
     * Waits until every Symantec user may answer again: the warm-up used up their codes (one per 30 s step, and one
     * step ahead), and without the wait the first measured run would be PhoneFactor calls alone.
     */
    private long awaitEveryCodeUsable() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(3 * VipSteps.STEP_SECONDS);
        while (System.nanoTime() < deadline
                && !users.stream().filter(u -> u.symantec && !u.locked).allMatch(LoginUser::canAnswerNow)) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return System.nanoTime() - start;
    }

    /** What an admin does for a user who calls the help desk: unlock; the user logs in again. */
    private void unlockLocked() {
        for (LoginUser user : users) {
            if (!user.locked) {
                continue;
            }
            Http.Answer answer = http.post(settings.challengeUrl() + "/api/users/" + user.userId
                    + "/external-auth/unlock?accountId=" + ids.account(), adminToken, null);
            if (answer.ok()) {
                user.locked = false;
                user.lastWrong = false;
                unlocked.incrementAndGet();
                release(user);
            } else {
                progress.printf(Locale.ROOT, "logins: unlocking %s answered %d%n", user.userId, answer.status());
            }
        }
    }

    private void markLocked(LoginUser user) {
        if (!user.locked) {
            user.locked = true;
            locked.incrementAndGet();
        }
    }

    /** Back to the idle users; a Symantec user without a usable code comes back when the next step begins. */
    private void release(LoginUser user) {
        if (user.locked) {
            return;
        }
        if (user.canAnswerNow()) {
            idle.add(user);
        } else {
            long wait = VipSteps.millisUntil(VipSteps.now() + 1, System.currentTimeMillis()) + 50;
            try {
                later.schedule(() -> release(user), wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the scenario is over
            }
        }
    }
}

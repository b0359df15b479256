package io.extauth.bench.scenario;

import io.extauth.bench.kafka.KafkaClients;
import io.extauth.bench.kafka.TopicTail;
import io.extauth.bench.stack.Http;
import io.extauth.contract.Topics;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderPlaced;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Makes the login scenario's users: orders them on {@code billing.orders}, waits for each provisioning e-mail, then
 * activates them as a user would. PhoneFactor ({@code PHONE_CALL_STANDARD}): verify the primary phone by answering
 * the verification call with {@code #} on the simulator, then save the settings with status ACTIVE. Symantec: type
 * the credential's current code. Used by the benchmark and by {@code ./extauth chaos}.
 */
public final class LoginSetup {

    /** Where the users are made, how many, and how long to wait for their provisioning e-mails. */
    public record Plan(String bootstrapServers, String challengeUrl, String simulatorUrl, int users,
            double symantecShare, Duration drainTimeout) {

        static Plan of(BenchSettings settings) {
            return new Plan(settings.bootstrapServers(), settings.challengeUrl(), settings.simulatorUrl(),
                    settings.users(), settings.symantecShare(), settings.drainTimeout());
        }
    }

    /** The user-id kind of the login scenario's users ({@link RunIds#user}); no other scenario orders with it. */
    static final String USERS = "l";

    private static final int CONCURRENCY = 8;
    private static final long RETRY_MILLIS = 100;
    private static final long PATIENCE_MILLIS = 30_000;

    /**
     * The limits a benchmark goes beyond, raised: each user is challenged many times a minute, and all of them are one
     * account's, whose users together get 100 verification calls an hour by default, set up by one caller, who may
     * save 300 users' settings an hour (session 65).
     */
    static final String RAISED_LIMITS = "EXTAUTH_CONTACTS_CHALLENGES_PERUSER=1000000 "
            + "EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION=1000000 EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER=1000000 "
            + "EXTAUTH_CONTACTS_VERIFICATIONS_PERACCOUNT=1000000 EXTAUTH_FACTORCHANGES_SAVESPERCALLER=1000000";

    private final Plan settings;
    private final RunIds ids;
    private final Http http;
    private final String token;
    private final PrintStream progress;
    private final UserDevice device;

    public LoginSetup(Plan settings, RunIds ids, Http http, String token, PrintStream progress) {
        this.settings = settings;
        this.device = new UserDevice(http, settings.simulatorUrl());
        this.ids = ids;
        this.http = http;
        this.token = token;
        this.progress = progress;
    }

    public List<LoginUser> create() throws InterruptedException {
        List<LoginUser> users = new ArrayList<>();
        long symantecCount = Math.round(settings.users() * settings.symantecShare());
        for (int n = 0; n < settings.users(); n++) {
            String userId = ids.user(USERS, n);
            boolean symantec = n < symantecCount;
            OrderPlaced order = Orders.order(ids, userId, symantec);
            users.add(new LoginUser(userId, symantec, symantec ? null : "+1" + ids.phone(n),
                    symantec ? order.credentialId() : null));
            orders.put(userId, order);
        }
        provision(users);
        activate(users);
        return users;
    }

    private final Map<String, OrderPlaced> orders = new ConcurrentHashMap<>();

    private void provision(List<LoginUser> users) throws InterruptedException {
        progress.printf(Locale.ROOT, "logins: ordering %,d users (%d Symantec, %d PhoneFactor)...%n", users.size(),
                users.stream().filter(u -> u.symantec).count(), users.stream().filter(u -> !u.symantec).count());
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        users.forEach(user -> waiting.add(user.userId));
        try (TopicTail tail = TopicTail.start(settings.bootstrapServers(), List.of(Topics.AUTH_EMAIL_SENT),
                Set.of(EmailSent.class.getSimpleName()),
                (topic, data, arrived) -> waiting.remove(data.path("userId").asText()));
                KafkaProducer<String, byte[]> producer = KafkaClients.producer(settings.bootstrapServers())) {
            for (LoginUser user : users) {
                producer.send(Orders.record(orders.get(user.userId)));
            }
            producer.flush();
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException(waiting.size() + " of the login users got no provisioning e-mail within "
                    + settings.drainTimeout().toSeconds() + " s");
        }
    }

    private void activate(List<LoginUser> users) throws InterruptedException {
        progress.printf(Locale.ROOT, "logins: activating %,d users...%n", users.size());
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LoginUser user : users) {
                done.add(pool.submit(() -> {
                    if (user.symantec) {
                        activateSymantec(user);
                    } else {
                        activatePhoneFactor(user);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("activation failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String userUrl(LoginUser user, String path) {
        return settings.challengeUrl() + "/api/users/" + user.userId + "/external-auth" + path + "?accountId="
                + ids.account();
    }

    private void activateSymantec(LoginUser user) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        boolean next = false;
        while (true) {
            Http.Answer code = http.get(settings.simulatorUrl() + "/vip/credentials/" + user.credentialId + "/code"
                    + (next ? "?step=next" : ""), null);
            Http.Answer answer = http.post(userUrl(user, "/symantec/activation"), token,
                    Map.of("securityCode", code.text("code")));
            // an upper bound of the step of that code: overestimating only makes the user wait a step longer
            long step = VipSteps.now() + (next ? 1 : 0);
            if (answer.ok()) {
                user.highestStepUsed = step;
                return;
            }
            if (answer.status() == 422) {
                // this step's code was used already (a step boundary raced us): the next step's is accepted too
                next = true;
            }
            retryOrFail(deadline, user, "Symantec activation", answer);
        }
    }

    private void activatePhoneFactor(LoginUser user) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        String national = user.phone.substring(2);
        while (true) {
            Http.Answer verification = http.post(userUrl(user, "/phonefactor/phones"), token,
                    Map.of("slot", "PRIMARY", "countryCode", "1", "number", national));
            if (verification.status() == 202) {
                break;
            }
            retryOrFail(deadline, user, "phone verification", verification);
        }
        String callId = device.ringingCall(user.phone, null, deadline);
        Http.Answer answered = device.answerCall(callId, "#");
        if (!answered.ok()) {
            throw new IllegalStateException("answering the verification call of " + user.userId + ": " + answered);
        }
        while (true) {
            Http.Answer saved = http.put(userUrl(user, "/phonefactor/settings"), token,
                    Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"));
            if (saved.ok() && "ACTIVE".equals(saved.text("state"))) {
                return;
            }
            retryOrFail(deadline, user, "PhoneFactor settings", saved);
        }
    }

    private static void retryOrFail(long deadline, LoginUser user, String what, Http.Answer answer)
            throws InterruptedException {
        if (answer.status() == 429) {
            // a contact limit's window lasts minutes to an hour: waiting out the patience would not help
            throw new IllegalStateException(what + " of " + user.userId + " refused by the stack's limits ("
                    + answer.body() + "); start the stack with them raised: " + RAISED_LIMITS + " ./extauth up");
        }
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException(what + " of " + user.userId + " kept failing: " + answer.status() + " "
                    + answer.body());
        }
        TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
    }
}

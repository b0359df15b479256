package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The whole system in this JVM: broker, database, mail, keys, simulator, the four services and the portal console,
 * started in that order
 * and stopped in the reverse one (services, simulator, mail, broker, database).
 */
final class LocalStack implements AutoCloseable {

    private final StackSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private @Nullable KafkaBroker broker;
    private @Nullable Postgres postgres;
    private @Nullable MailServer mail;
    private @Nullable JwtKeys keys;
    private @Nullable StackSecrets secrets;
    private @Nullable Services services;

    LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts everything; {@code progress} hears one line per step, each with how long it took. On failure the caller
     * must close.
     *
     * <p>The broker (in this JVM), PostgreSQL (its own processes, mostly waiting on the disk), the mail server and the
     * keys need nothing of each other, so they start at the same time and take as long as the slowest, not the sum.
     * Then the simulator, the four services and the console start as one group, up to {@code parallelStarts} at once:
     * none needs another to start (the services call the simulator only when they work, and retry), and one group
     * keeps every core busy where three groups in a row left one idle while a single application started.
     */
    void start(Consumer<String> progress) {
        List<RuntimeException> failures = new ArrayList<>();
        // the data are the stack's alone: mails with their codes, the simulator's texts, the broker's segments
        try {
            StackSecrets.createPrivateDirectory(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + settings.dataDir() + " private", e);
        }
        // a few bytes read (or made once) before the rest: PostgreSQL starts with its password
        StackSecrets homeSecrets = new StackSecrets(settings.keysDir());
        secrets = homeSecrets;
        try (InfrastructureSteps steps = new InfrastructureSteps(progress, failures)) {
            var brokerStart = steps.begin("Kafka broker (KRaft)",
                    () -> new KafkaBroker(settings.kafkaDir(), settings.kafkaPort(), settings.kafkaControllerPort()).start());
            var postgresStart = steps.begin("PostgreSQL",
                    () -> new Postgres(settings.postgresDir(), settings.postgresBinariesDir(), settings.postgresPort(),
                            homeSecrets).start());
            var mailStart = steps.begin("GreenMail SMTP",
                    () -> new MailServer(settings.smtpPort(), settings.mailApiPort(), settings.mailDir()).start());
            var keysStart = steps.begin("JWT keys", () -> new JwtKeys(settings.keysDir()));
            // each kept as soon as it runs, whatever else failed, so that stop() stops it
            broker = steps.await(brokerStart);
            postgres = steps.await(postgresStart);
            mail = steps.await(mailStart);
            keys = steps.await(keysStart);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        services = new Services(settings.parallelStarts());
        ServiceArguments arguments = new ServiceArguments(settings, broker, postgres, mail, keys, secrets);
        List<ServiceSpec> group = new ArrayList<>();
        group.add(arguments.simulator());
        group.addAll(arguments.services());
        group.add(arguments.console());
        Map<String, Duration> upAfter = new HashMap<>();
        services.start(group, (spec, took) -> upAfter.put(spec.name(), took));
        progress.accept(line("vendor simulator", upAfter.get(arguments.simulator().name())));
        progress.accept(line("the four services", arguments.services().stream().map(spec -> upAfter.get(spec.name()))
                .max(Duration::compareTo).orElse(Duration.ZERO)));
        progress.accept(line("portal console", upAfter.get(arguments.console().name())));
    }

    /** One row per part: name, address, detail. */
    List<String[]> table() {
        List<String[]> rows = new ArrayList<>();
        if (broker != null) {
            rows.add(new String[] {"Kafka (KRaft)", broker.bootstrapServers(),
                    "controller 127.0.0.1:" + broker.controllerPort() + ", data " + broker.dataDir()});
        }
        if (postgres != null) {
            rows.add(new String[] {"PostgreSQL 17", postgres.jdbcUrl(), "user postgres, its password in keys/postgres-password; data " + postgres.dataDir()});
        }
        if (mail != null) {
            rows.add(new String[] {"SMTP (GreenMail)", "127.0.0.1:" + mail.smtpPort(), "no authentication, mail kept in " + mail.mailDir()});
            rows.add(new String[] {"mail read API", "http://127.0.0.1:" + mail.apiPort() + "/messages", "./extauth mail"});
        }
        if (keys != null) {
            rows.add(new String[] {"JWT public key", keys.publicKeyFile().toString(), "./extauth token --role ..."});
        }
        if (secrets != null) {
            rows.add(new String[] {"callback secret", secrets.callbackSecretFile().toString(), "owner-only, per home"});
            rows.add(new String[] {"PIN pepper", secrets.pinPepperFile().toString(), "owner-only, per home"});
        }
        if (services != null) {
            for (ServiceSpec spec : services.started()) {
                rows.add(new String[] {spec.name(), spec.url(), spec.mainClass()});
            }
        }
        return rows;
    }

    /** Stops what runs, in the order that lets each part finish its work; true the first time only. */
    boolean stop() {
        if (closed.getAndSet(true)) {
            return false;
        }
        quietly("services", services);
        quietly("GreenMail", mail);
        quietly("Kafka broker", broker);
        quietly("PostgreSQL", postgres);
        return true;
    }

    @Override
    public void close() {
        stop();
    }

    static String line(String what, Duration took) {
        return String.format("  %-22s %5.1f s", what, took.toNanos() / 1e9);
    }

    private static void quietly(String what, @Nullable AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            System.err.println(what + " did not stop cleanly: " + e.getMessage());
        }
    }
}

package io.extauth.localstack;

import java.util.ArrayList;
import java.util.List;
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

    /** Starts everything; {@code progress} hears one line per finished step. On failure the caller must close. */
    void start(Consumer<String> progress) {
        broker = step(progress, "Kafka broker (KRaft)",
                () -> new KafkaBroker(settings.kafkaDir(), settings.kafkaPort(), settings.kafkaControllerPort()).start());
        postgres = step(progress, "PostgreSQL", () -> new Postgres(settings.postgresDir(), settings.postgresPort()).start());
        mail = step(progress, "GreenMail SMTP", () -> new MailServer(settings.smtpPort(), settings.mailApiPort(), settings.mailDir()).start());
        keys = step(progress, "JWT keys", () -> new JwtKeys(settings.keysDir()));
        secrets = step(progress, "secrets", () -> new StackSecrets(settings.keysDir()));
        services = new Services(settings.parallelStarts());
        ServiceArguments arguments = new ServiceArguments(settings, broker, postgres, mail, keys, secrets);
        step(progress, "vendor simulator", () -> services.start(List.of(arguments.simulator())));
        step(progress, "the four services", () -> services.start(arguments.services()));
        step(progress, "portal console", () -> services.start(List.of(arguments.console())));
    }

    /** One row per part: name, address, detail. */
    List<String[]> table() {
        List<String[]> rows = new ArrayList<>();
        if (broker != null) {
            rows.add(new String[] {"Kafka (KRaft)", broker.bootstrapServers(),
                    "controller 127.0.0.1:" + broker.controllerPort() + ", data " + broker.dataDir()});
        }
        if (postgres != null) {
            rows.add(new String[] {"PostgreSQL 17", postgres.jdbcUrl(), "user postgres, data " + postgres.dataDir()});
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

    private static <T> T step(Consumer<String> progress, String what, Step<T> step) {
        long started = System.nanoTime();
        T result = step.run();
        progress.accept(String.format("  %-22s %5.1f s", what, (System.nanoTime() - started) / 1e9));
        return result;
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

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }
}

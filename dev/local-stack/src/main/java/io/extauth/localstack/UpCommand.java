package io.extauth.localstack;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code up}: broker, database, mail, keys, simulator and the four services in this JVM, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        header = "Start the whole system in this JVM; Ctrl-C stops it.",
        description = "Kafka (KRaft), PostgreSQL, SMTP, the vendor simulator and the four services; state in <home>/data.")
final class UpCommand implements Callable<Integer> {

    @Mixin HomeOptions home;

    @Option(names = "--kafka-port", defaultValue = "${env:EXTAUTH_KAFKA_PORT:-9092}",
            description = "Port of the Kafka broker (clients); 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_KAFKA_PORT).")
    int kafkaPort;
    @Option(names = "--kafka-controller-port", defaultValue = "${env:EXTAUTH_KAFKA_CONTROLLER_PORT:-9093}",
            description = "Port of the Kafka KRaft controller; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_KAFKA_CONTROLLER_PORT).")
    int kafkaControllerPort;
    @Option(names = "--postgres-port", defaultValue = "${env:EXTAUTH_POSTGRES_PORT:-15432}",
            description = "Port of the PostgreSQL; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_POSTGRES_PORT).")
    int postgresPort;
    @Option(names = "--smtp-port", defaultValue = "${env:EXTAUTH_SMTP_PORT:-3025}",
            description = "Port of the SMTP server (GreenMail); 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_SMTP_PORT).")
    int smtpPort;
    @Option(names = "--mail-api-port", defaultValue = "${env:EXTAUTH_MAIL_API_PORT:-8025}",
            description = "Port of the mail read API (./extauth mail); 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_MAIL_API_PORT).")
    int mailApiPort;
    @Option(names = "--simulator-port", defaultValue = "${env:EXTAUTH_SIMULATOR_PORT:-8089}",
            description = "Port of the vendor simulator; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_SIMULATOR_PORT).")
    int simulatorPort;
    @Option(names = "--order-port", defaultValue = "${env:EXTAUTH_ORDER_PORT:-8081}",
            description = "Port of the order-service; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_ORDER_PORT).")
    int orderPort;
    @Option(names = "--provisioning-port", defaultValue = "${env:EXTAUTH_PROVISIONING_PORT:-8082}",
            description = "Port of the provisioning-service; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_PROVISIONING_PORT).")
    int provisioningPort;
    @Option(names = "--challenge-port", defaultValue = "${env:EXTAUTH_CHALLENGE_PORT:-8083}",
            description = "Port of the challenge-service; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_CHALLENGE_PORT).")
    int challengePort;
    @Option(names = "--notification-port", defaultValue = "${env:EXTAUTH_NOTIFICATION_PORT:-8084}",
            description = "Port of the notification-service; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_NOTIFICATION_PORT).")
    int notificationPort;
    @Option(names = "--console-port", defaultValue = "${env:EXTAUTH_CONSOLE_PORT:-8080}",
            description = "Port of the portal console, in a browser; 0 for any free one (default: ${DEFAULT-VALUE}; env EXTAUTH_CONSOLE_PORT).")
    int consolePort;

    @Option(names = "--bind", defaultValue = "${env:EXTAUTH_BIND:-127.0.0.1}",
            description = "Address the four services listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 "
                    + "for every interface). Kafka, PostgreSQL, mail, the vendor simulator and the console stay on "
                    + "127.0.0.1.")
    String bind;

    // Spring context starts are CPU-bound: more at once than there are cores measured no faster on 2 cores.
    @Option(names = "--parallel-starts", defaultValue = "${env:EXTAUTH_PARALLEL_STARTS:-0}",
            description = "How many services start at the same time (default: one per core).")
    int parallelStarts;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        // the logging system set up here, on one thread: the broker's, the database's and the services' threads each
        // asked for loggers while it was being set up, and SLF4J printed three lines of warnings about replaying them
        LoggerFactory.getILoggerFactory();
        StackSettings settings = settings();
        Optional<UpLock> lock = UpLock.tryAcquire(home.home());
        if (lock.isEmpty()) {
            err.println("a stack is already running from " + home.home() + " (pid "
                    + UpLock.runningPid(home.home()).orElse("unknown") + "); stop it with Ctrl-C first");
            return 1;
        }
        Postgres.stopLeftover(settings.postgresDir());
        for (Map.Entry<Integer, String> port : settings.optionsByPort().entrySet()) {
            if (!isFree(settings, port.getKey())) {
                err.println("port " + port.getKey() + " is already in use" + Ports.holder(port.getKey())
                        .map(who -> " by " + who).orElse("") + "; free it or pick another with "
                        + port.getValue() + " (or " + environmentVariable(port.getValue()) + ")");
                lock.get().close();
                return 1;
            }
        }
        LocalStack stack = new LocalStack(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stack.stop()) {
                out.println("stopped");
            }
            lock.get().close();
            stopped.countDown();
        }, "extauth-stop"));
        out.println("starting extauth in " + home.home().getParent());
        try {
            stack.start(out::println);
        } catch (RuntimeException e) {
            err.println();
            err.println("extauth did not start: " + e.getMessage());
            for (Throwable also : e.getSuppressed()) {
                err.println("                       " + also.getMessage());
            }
            err.println("stopping what did start...");
            stack.stop();
            err.println("stopped");
            return 1;
        }
        printTable(stack.table());
        out.printf("ready in %.1f s - Ctrl-C stops everything%n", (System.nanoTime() - started) / 1e9);
        stopped.await();
        return 0;
    }

    private StackSettings settings() {
        return new StackSettings(home.dataDir(), home.keysDir(), kafkaPort, kafkaControllerPort, postgresPort,
                smtpPort, mailApiPort, simulatorPort, orderPort, provisioningPort, challengePort, notificationPort,
                parallelStarts > 0 ? parallelStarts : Runtime.getRuntime().availableProcessors(), bind, consolePort,
                home.home().resolve(PostgresBinaries.DIRECTORY));
    }

    private void printTable(List<String[]> rows) {
        out.println();
        for (String[] row : rows) {
            out.printf("  %-22s %-46s %s%n", row[0], row[1], row[2]);
        }
        out.println();
    }

    private static String environmentVariable(String option) {
        return "EXTAUTH_" + option.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Whether the port is free where its part will listen: on loopback, and for the four services' ports on
     * {@code --bind}'s address too (a program holding 192.0.2.10:8081 let the check pass, and the order-service's
     * start failed later without this message).
     */
    static boolean isFree(StackSettings settings, int port) {
        boolean aService = port == settings.orderPort() || port == settings.provisioningPort()
                || port == settings.challengePort() || port == settings.notificationPort();
        return Ports.isFree(port) && (!aService || Ports.isFree(settings.bindAddress(), port));
    }
}

package io.extauth.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the stack keeps its files and which ports it listens on; every port can be 0 for "any free port".
 * {@code bindAddress} is where the four services listen: loopback unless the user asks for more (the simulator and the
 * console stay on loopback whatever it says). {@code postgresBinariesDir} is where PostgreSQL's programs are extracted
 * and run from, {@code <home>/postgres-binaries}: private to the owner ({@link PostgresBinaries}).
 */
public record StackSettings(
        Path dataDir,
        Path keysDir,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int smtpPort,
        int mailApiPort,
        int simulatorPort,
        int orderPort,
        int provisioningPort,
        int challengePort,
        int notificationPort,
        int parallelStarts,
        String bindAddress,
        int consolePort,
        Path postgresBinariesDir) {

    /** Only this machine can reach the services: the stack has no TLS and well-known development settings. */
    public static final String LOOPBACK = Ports.LOOPBACK;

    public StackSettings(Path dataDir, Path keysDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
            int smtpPort, int mailApiPort, int simulatorPort, int orderPort, int provisioningPort, int challengePort,
            int notificationPort, int parallelStarts) {
        this(dataDir, keysDir, kafkaPort, kafkaControllerPort, postgresPort, smtpPort, mailApiPort, simulatorPort,
                orderPort, provisioningPort, challengePort, notificationPort, parallelStarts, LOOPBACK, 0);
    }

    /**
     * The PostgreSQL programs next to the data directory: {@code <home>/postgres-binaries} for the usual
     * {@code <home>/data}.
     */
    public StackSettings(Path dataDir, Path keysDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
            int smtpPort, int mailApiPort, int simulatorPort, int orderPort, int provisioningPort, int challengePort,
            int notificationPort, int parallelStarts, String bindAddress, int consolePort) {
        this(dataDir, keysDir, kafkaPort, kafkaControllerPort, postgresPort, smtpPort, mailApiPort, simulatorPort,
                orderPort, provisioningPort, challengePort, notificationPort, parallelStarts, bindAddress, consolePort,
                dataDir.toAbsolutePath().getParent().resolve(PostgresBinaries.DIRECTORY));
    }

    /** The console on any free port: what the tests that do not look at it get. */
    public StackSettings(Path dataDir, Path keysDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
            int smtpPort, int mailApiPort, int simulatorPort, int orderPort, int provisioningPort, int challengePort,
            int notificationPort, int parallelStarts, String bindAddress) {
        this(dataDir, keysDir, kafkaPort, kafkaControllerPort, postgresPort, smtpPort, mailApiPort, simulatorPort,
                orderPort, provisioningPort, challengePort, notificationPort, parallelStarts, bindAddress, 0);
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    /** The e-mails GreenMail received, one {@code .eml} file each. */
    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    /** The vendor simulator's calls, SMS, pushes, users, credentials and used codes. */
    public Path simulatorStateFile() {
        return dataDir.resolve("simulator").resolve("state.json");
    }

    /** Each fixed port with the option that changes it, for a message a user can act on. */
    public Map<Integer, String> optionsByPort() {
        Map<Integer, String> options = new LinkedHashMap<>();
        options.put(kafkaPort, "--kafka-port");
        options.put(kafkaControllerPort, "--kafka-controller-port");
        options.put(postgresPort, "--postgres-port");
        options.put(smtpPort, "--smtp-port");
        options.put(mailApiPort, "--mail-api-port");
        options.put(simulatorPort, "--simulator-port");
        options.put(orderPort, "--order-port");
        options.put(provisioningPort, "--provisioning-port");
        options.put(challengePort, "--challenge-port");
        options.put(notificationPort, "--notification-port");
        options.put(consolePort, "--console-port");
        options.remove(0);
        return options;
    }
}

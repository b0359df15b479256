package io.extauth.localstack;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line properties each application gets in the shared JVM. Command-line arguments outrank each
 * service's own {@code @PropertySource} defaults, so only addresses, credentials and secrets are set here.
 */
final class ServiceArguments {

    /**
     * The simulator shares the classpath of the services but has no database, broker or security of its own:
     * without these exclusions it would pick up their auto-configuration (and the messaging kit's).
     */
    private static final String SIMULATOR_EXCLUDES = String.join(",",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
            "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
            "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
            "io.extauth.messaging.MessagingAutoConfiguration");

    private final int simulatorPort;
    private final int orderPort;
    private final int provisioningPort;
    private final int challengePort;
    private final int notificationPort;
    private final KafkaBroker broker;
    private final Postgres postgres;
    private final MailServer mail;
    private final JwtKeys keys;

    ServiceArguments(StackSettings settings, KafkaBroker broker, Postgres postgres, MailServer mail, JwtKeys keys) {
        // resolved once, so "any free port" (0) means the same port for the simulator and its callers
        this.simulatorPort = Ports.resolve(settings.simulatorPort());
        this.orderPort = Ports.resolve(settings.orderPort());
        this.provisioningPort = Ports.resolve(settings.provisioningPort());
        this.challengePort = Ports.resolve(settings.challengePort());
        this.notificationPort = Ports.resolve(settings.notificationPort());
        this.broker = broker;
        this.postgres = postgres;
        this.mail = mail;
        this.keys = keys;
    }

    ServiceSpec simulator() {
        return new ServiceSpec("vendor-simulator", "io.extauth.simulator.VendorSimulatorApplication", simulatorPort, List.of(
                "--server.port=" + simulatorPort,
                "--simulator.callback-secret=" + LocalStack.CALLBACK_SECRET,
                "--extauth.embedded-postgres.enabled=false",
                "--springwolf.enabled=false",
                "--spring.autoconfigure.exclude=" + SIMULATOR_EXCLUDES));
    }

    List<ServiceSpec> services() {
        String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
        return List.of(
                service("order-service", "io.extauth.order.OrderServiceApplication", orderPort),
                service("provisioning-service", "io.extauth.provisioning.ProvisioningServiceApplication", provisioningPort,
                        "--extauth.simulator.base-url=" + simulatorUrl,
                        "--extauth.simulator.callback-secret=" + LocalStack.CALLBACK_SECRET),
                service("challenge-service", "io.extauth.challenge.ChallengeServiceApplication", challengePort,
                        "--extauth.simulator.base-url=" + simulatorUrl,
                        "--extauth.simulator.callback-secret=" + LocalStack.CALLBACK_SECRET,
                        "--extauth.callbacks.base-url=http://127.0.0.1:" + challengePort),
                service("notification-service", "io.extauth.notification.NotificationServiceApplication", notificationPort,
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + mail.smtpPort()));
    }

    private ServiceSpec service(String name, String mainClass, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD,
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + keys.publicKeyLocation()));
        args.addAll(List.of(extra));
        return new ServiceSpec(name, mainClass, port, args);
    }
}

package io.extauth.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.extauth.service.settings.PlainHttpRule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

/**
 * The command-line properties each application gets in the shared JVM. Command-line arguments outrank each
 * service's own {@code @PropertySource} defaults, so only addresses, credentials and secrets are set here.
 */
final class ServiceArguments {

    /**
     * The simulator and the console share the classpath of the services but have no database, broker, mail or
     * security of their own: without excluding these auto-configurations (and every extauth one) they would pick up
     * theirs.
     */
    private static final List<String> FOREIGN_TO_SIMULATOR = List.of(
            "io.extauth.",
            "io.github.springwolf.",
            "org.springframework.boot.security.",
            "org.springframework.boot.jdbc.autoconfigure.",
            "org.springframework.boot.flyway.autoconfigure.",
            "org.springframework.boot.kafka.autoconfigure.",
            "org.springframework.boot.mail.autoconfigure.",
            // as for the services (ServiceDefaults): its log-events counter would be one more filter that every
            // logger check of every thread in the shared JVM runs
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.");

    /**
     * Six applications share the stack's JVM and one PostgreSQL: each keeps 2 idle Tomcat threads instead of 10, and
     * each service 2 idle database connections instead of a full pool of 10 (a PostgreSQL backend process each); both
     * grow to their usual maximum under load and shrink back when idle (issue 14: memory).
     */
    static final String IDLE_TOMCAT_THREADS = "--server.tomcat.threads.min-spare=2";
    static final String IDLE_DATABASE_CONNECTIONS = "--spring.datasource.hikari.minimum-idle=2";

    private final Path simulatorStateFile;
    private final int simulatorPort;
    private final int orderPort;
    private final int provisioningPort;
    private final int challengePort;
    private final int notificationPort;
    private final int consolePort;
    private final KafkaBroker broker;
    private final Postgres postgres;
    private final MailServer mail;
    private final JwtKeys keys;
    private final StackSecrets secrets;
    private final String bindAddress;
    private final String reachableHost;

    ServiceArguments(StackSettings settings, KafkaBroker broker, Postgres postgres, MailServer mail, JwtKeys keys,
            StackSecrets secrets) {
        // resolved once, so "any free port" (0) means the same port for the simulator and its callers
        this.simulatorStateFile = settings.simulatorStateFile();
        this.simulatorPort = Ports.resolve(settings.simulatorPort());
        this.orderPort = Ports.resolve(settings.orderPort());
        this.provisioningPort = Ports.resolve(settings.provisioningPort());
        this.challengePort = Ports.resolve(settings.challengePort());
        this.notificationPort = Ports.resolve(settings.notificationPort());
        this.consolePort = Ports.resolve(settings.consolePort());
        this.broker = broker;
        this.postgres = postgres;
        this.mail = mail;
        this.keys = keys;
        this.secrets = secrets;
        this.bindAddress = settings.bindAddress();
        // a wildcard includes loopback; a specific address is the only one the services answer on
        this.reachableHost = urlHost(wildcard(bindAddress) ? Ports.LOOPBACK : bindAddress);
    }

    /** Every address of this machine: {@code 0.0.0.0}, or IPv6's unspecified address however it is spelled. */
    static boolean wildcard(String bindAddress) {
        String literal = bindAddress.replaceAll("^\\[|\\]$", "");
        if (literal.equals("0.0.0.0")) {
            return true;
        }
        if (!literal.contains(":") || !literal.matches("[0-9A-Fa-f:.]+")) {
            // not an IPv6 literal: InetAddress would look a name up
            return false;
        }
        try {
            return java.net.InetAddress.getByName(literal).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * A host as a URL names it: an IPv6 literal in brackets. {@code --bind ::1} made the callback URL
     * {@code http://::1:8083}, which challenge-service refused as no URL at all.
     */
    static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    ServiceSpec simulator() {
        return new ServiceSpec("vendor-simulator", "io.extauth.simulator.VendorSimulatorApplication", Ports.LOOPBACK,
                simulatorPort, List.of(
                "--server.port=" + simulatorPort,
                // on loopback whatever --bind says, as the console: with no sign-in at all it hands out every text's
                // code and every credential's, approves pushes and resets itself, and no service needs it off-host
                "--server.address=" + Ports.LOOPBACK,
                IDLE_TOMCAT_THREADS,
                "--simulator.callback-secret=" + secrets.callbackSecret(),
                // calls ringing, SMS and pushes waiting, users and credentials survive a restart of the stack
                "--simulator.state-file=" + simulatorStateFile,
                // the stack's restart is extauth's, not the vendor's: calls ringing then ring on afterwards
                "--simulator.outage.cut-open-contacts=false",
                "--extauth.embedded-postgres.enabled=false",
                "--spring.autoconfigure.exclude=" + String.join(",", simulatorExclusions())));
    }

    List<ServiceSpec> services() {
        String simulatorUrl = "http://" + Ports.LOOPBACK + ":" + simulatorPort;
        return List.of(
                service("order-service", "io.extauth.order.OrderServiceApplication", orderPort),
                service("provisioning-service", "io.extauth.provisioning.ProvisioningServiceApplication", provisioningPort,
                        "--extauth.vendors.phonefactor.base-url=" + simulatorUrl,
                        "--extauth.vendors.symantec-vip.base-url=" + simulatorUrl),
                service("challenge-service", "io.extauth.challenge.ChallengeServiceApplication", challengePort,
                        challengeArguments(simulatorUrl)),
                service("notification-service", "io.extauth.notification.NotificationServiceApplication", notificationPort,
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + mail.smtpPort()));
    }

    private String[] challengeArguments(String simulatorUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--extauth.vendors.phonefactor.base-url=" + simulatorUrl,
                "--extauth.vendors.symantec-vip.base-url=" + simulatorUrl,
                "--extauth.vendors.phonefactor.callback-secret=" + secrets.callbackSecret(),
                "--extauth.pin.pepper=" + secrets.pinPepper(),
                "--extauth.callbacks.base-url=http://" + reachableHost + ":" + challengePort,
                // the simulator's fictional +1 555 numbers, which no numbering plan assigns
                "--extauth.contacts.phones.test-prefixes=+1555"));
        // the same question challenge-service asks of the callback URL: the two never disagree
        if (!PlainHttpRule.loopback(reachableHost.replaceAll("^\\[|\\]$", ""))) {
            // for the simulator: it calls back on the address the stack was bound to, plain http off loopback, which
            // challenge-service otherwise refuses
            args.add("--extauth.vendors.allow-plain-http=true");
        }
        return args.toArray(String[]::new);
    }

    /**
     * The portal console: a client of the services' HTTP APIs, with the dev sign-in on (the stack's private key), and
     * without the services' auto-configurations it shares the classpath with, as the simulator. It listens on the
     * loopback whatever {@code --bind} says: its dev sign-in lets whoever reaches it be any admin of any account.
     */
    ServiceSpec console() {
        String services = "http://" + reachableHost + ":";
        return new ServiceSpec("portal-console", "io.extauth.console.PortalConsoleApplication", Ports.LOOPBACK,
                consolePort, List.of(
                "--server.port=" + consolePort,
                "--server.address=127.0.0.1",
                IDLE_TOMCAT_THREADS,
                "--extauth.console.order-service-url=" + services + orderPort,
                "--extauth.console.challenge-service-url=" + services + challengePort,
                "--extauth.console.notification-service-url=" + services + notificationPort,
                "--extauth.console.dev-sign-in.private-key-file=" + keys.privateKeyFile(),
                "--extauth.console.dev-sign-in.issuer=" + JwtKeys.ISSUER,
                "--extauth.console.dev-sign-in.audience=" + JwtKeys.AUDIENCE,
                "--extauth.embedded-postgres.enabled=false",
                // the services' defaults (ServiceDefaults, on this shared classpath) outrank the console's own file:
                // its settings that matter are given here; no actuator endpoint is the console's to show
                "--management.endpoints.web.exposure.exclude=*",
                "--spring.mvc.problemdetails.enabled=false",
                "--server.forward-headers-strategy=none",
                "--server.servlet.session.tracking-modes=cookie",
                "--spring.autoconfigure.exclude=" + String.join(",", simulatorExclusions())));
    }

    private static List<String> simulatorExclusions() {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        return ImportCandidates.load(AutoConfiguration.class, classLoader).getCandidates().stream()
                .filter(candidate -> FOREIGN_TO_SIMULATOR.stream().anyMatch(candidate::startsWith))
                .toList();
    }

    private ServiceSpec service(String name, String mainClass, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=" + bindAddress,
                IDLE_TOMCAT_THREADS,
                IDLE_DATABASE_CONNECTIONS,
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + postgres.password(),
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + keys.publicKeyLocation(),
                "--extauth.security.jwt.issuer=" + JwtKeys.ISSUER,
                "--extauth.security.jwt.audience=" + JwtKeys.AUDIENCE));
        args.addAll(List.of(extra));
        return new ServiceSpec(name, mainClass, reachableHost, port, args);
    }
}

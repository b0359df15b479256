package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is started: the arguments the simulator, the four services and the console would get. */
class ServiceArgumentsUnitTest {

    @TempDir
    Path home;

    @Test
    void theServicesAndTheSimulatorListenOnLoopbackUnlessAskedOtherwise() {
        for (ServiceSpec spec : all(arguments(settings()))) {
            assertThat(spec.args()).as(spec.name()).contains("--server.address=127.0.0.1");
        }
    }

    @Test
    void withBindTheyListenWhereAskedAndStillCallEachOtherOnLoopback() {
        StackSettings everywhere = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, "0.0.0.0");

        List<ServiceSpec> specs = all(arguments(everywhere));

        assertThat(specs).filteredOn(spec -> !List.of("portal-console", "vendor-simulator").contains(spec.name()))
                .hasSize(4).allSatisfy(spec -> assertThat(spec.args()).contains("--server.address=0.0.0.0"));
        assertThat(specs).filteredOn(spec -> spec.name().equals("portal-console")).singleElement()
                .satisfies(console -> assertThat(console.args()).as("its dev sign-in makes anyone any admin")
                        .contains("--server.address=127.0.0.1").doesNotContain("--server.address=0.0.0.0"));
        assertThat(specs).filteredOn(spec -> spec.name().equals("vendor-simulator")).singleElement()
                .satisfies(simulator -> assertThat(simulator.args()).as("it hands anyone every user's codes")
                        .contains("--server.address=127.0.0.1").doesNotContain("--server.address=0.0.0.0"));
        assertThat(specs).flatExtracting(ServiceSpec::args).contains("--extauth.vendors.phonefactor.base-url=http://127.0.0.1:18089",
                "--extauth.vendors.symantec-vip.base-url=http://127.0.0.1:18089");
    }

    @Test
    void onlyABindToAnAddressOtherThanLoopbackAllowsTheCallbackOverPlainHttp() {
        StackSettings lan = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, "192.0.2.10");

        assertThat(challengeService(arguments(lan)).args()).contains(
                "--extauth.callbacks.base-url=http://192.0.2.10:18083", "--extauth.vendors.allow-plain-http=true");
        for (String loopbackOrWildcard : List.of(StackSettings.LOOPBACK, "0.0.0.0", "::", "[::]", "::0",
                "0:0:0:0:0:0:0:0", "localhost")) {
            StackSettings settings = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                    3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, loopbackOrWildcard);
            assertThat(all(arguments(settings))).as(loopbackOrWildcard).flatExtracting(ServiceSpec::args)
                    .noneMatch(arg -> arg.contains("allow-plain-http"));
        }
    }

    @Test
    void aBindToAnIpv6AddressNamesItInBracketsInEveryUrlAndLoopbackStaysLoopback() {
        for (String ipv6Loopback : List.of("::1", "[::1]")) {
            StackSettings settings = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                    3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, ipv6Loopback);
            ServiceArguments arguments = arguments(settings);

            assertThat(challengeService(arguments).args()).as(ipv6Loopback)
                    .contains("--extauth.callbacks.base-url=http://[::1]:18083")
                    .noneMatch(arg -> arg.contains("allow-plain-http"));
            assertThat(arguments.console().args()).as(ipv6Loopback)
                    .anyMatch(arg -> arg.endsWith("=http://[::1]:18081"))
                    .noneMatch(arg -> arg.contains("http://::1"));
        }
        StackSettings lan = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, "2001:db8::10");

        assertThat(challengeService(arguments(lan)).args()).contains(
                "--extauth.callbacks.base-url=http://[2001:db8::10]:18083", "--extauth.vendors.allow-plain-http=true");
    }

    @Test
    void eachApplicationsUrlNamesWhereItCanBeReachedTheServicesTheBindAddressTheConsoleAndSimulatorLoopback() {
        for (String[] bindAndHost : new String[][] {{"192.0.2.10", "192.0.2.10"}, {"2001:db8::10", "[2001:db8::10]"},
                {"0.0.0.0", "127.0.0.1"}, {"::", "127.0.0.1"}, {"127.0.0.1", "127.0.0.1"}}) {
            StackSettings settings = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                    3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, bindAndHost[0]);
            ServiceArguments arguments = arguments(settings);

            // the table ./extauth up prints: a service bound to 192.0.2.10 does not answer on 127.0.0.1
            assertThat(arguments.services()).as(bindAndHost[0]).extracting(ServiceSpec::url).containsExactly(
                    "http://" + bindAndHost[1] + ":18081", "http://" + bindAndHost[1] + ":18082",
                    "http://" + bindAndHost[1] + ":18083", "http://" + bindAndHost[1] + ":18084");
            assertThat(arguments.console().url()).isEqualTo("http://127.0.0.1:" + arguments.console().port());
            assertThat(arguments.simulator().url()).isEqualTo("http://127.0.0.1:18089");
            // ./extauth status asks the services where the same --bind put them
            assertThat(StatusCommand.host(bindAndHost[0])).isEqualTo(bindAndHost[1]);
        }
    }

    private static ServiceSpec challengeService(ServiceArguments arguments) {
        return arguments.services().stream().filter(s -> s.name().equals("challenge-service")).findFirst()
                .orElseThrow();
    }

    @Test
    void theSimulatorAndChallengeServiceShareTheHomesGeneratedCallbackSecretAndOnlyChallengeServiceGetsThePepper() {
        StackSecrets secrets = new StackSecrets(home.resolve("keys"));
        ServiceArguments arguments = arguments(settings());

        assertThat(arguments.simulator().args()).contains("--simulator.callback-secret=" + secrets.callbackSecret());
        ServiceSpec challenge = arguments.services().stream().filter(s -> s.name().equals("challenge-service"))
                .findFirst().orElseThrow();
        assertThat(challenge.args()).contains("--extauth.vendors.phonefactor.callback-secret=" + secrets.callbackSecret(),
                "--extauth.pin.pepper=" + secrets.pinPepper());
        assertThat(all(arguments)).flatExtracting(ServiceSpec::args)
                .noneMatch(arg -> arg.contains("dev-callback-secret"))
                .filteredOn(arg -> arg.contains("pin.pepper") || arg.contains("callback-secret")).hasSize(3);
    }

    @Test
    void theConsoleCallsTheServicesWhereTheyListenAndSignsInWithTheStacksKeyWithoutTheServicesAutoConfiguration() {
        StackSettings settings = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                3025, 8025, 18089, 18081, 18082, 18083, 18084, 1, StackSettings.LOOPBACK, 18080);

        ServiceSpec console = arguments(settings).console();

        assertThat(console.port()).isEqualTo(18080);
        assertThat(console.args()).contains("--server.port=18080", "--server.address=127.0.0.1",
                "--extauth.console.order-service-url=http://127.0.0.1:18081",
                "--extauth.console.challenge-service-url=http://127.0.0.1:18083",
                "--extauth.console.notification-service-url=http://127.0.0.1:18084",
                "--extauth.console.dev-sign-in.private-key-file=" + new JwtKeys(settings.keysDir()).privateKeyFile(),
                "--extauth.console.dev-sign-in.issuer=" + JwtKeys.ISSUER);
        assertThat(console.args()).filteredOn(arg -> arg.startsWith("--spring.autoconfigure.exclude="))
                .singleElement().asString()
                .contains("org.springframework.boot.security.", "org.springframework.boot.kafka.autoconfigure.");
        assertThat(settings.optionsByPort()).containsEntry(18080, "--console-port");
        // the console's own settings, which the services' defaults on the shared classpath would outrank, are its
        // alone: the simulator keeps the /actuator/health its README documents
        assertThat(console.args()).contains("--management.endpoints.web.exposure.exclude=*",
                "--server.forward-headers-strategy=none", "--server.servlet.session.tracking-modes=cookie");
        assertThat(arguments(settings).simulator().args()).noneMatch(arg -> arg.startsWith("--management.endpoints"));
    }

    @Test
    void everyApplicationKeepsTwoIdleTomcatThreadsAndEachServiceTwoIdleDatabaseConnectionsNotTen() {
        ServiceArguments arguments = arguments(settings());

        assertThat(all(arguments)).allSatisfy(spec -> assertThat(spec.args()).as(spec.name())
                .contains("--server.tomcat.threads.min-spare=2"));
        assertThat(arguments.services()).allSatisfy(spec -> assertThat(spec.args()).as(spec.name())
                .contains("--spring.datasource.hikari.minimum-idle=2")
                .noneMatch(arg -> arg.startsWith("--spring.datasource.hikari.maximum-pool-size")));
    }

    private StackSettings settings() {
        return new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432, 3025, 8025, 18089,
                18081, 18082, 18083, 18084, 1);
    }

    private static ServiceArguments arguments(StackSettings settings) {
        StackSecrets secrets = new StackSecrets(settings.keysDir());
        return new ServiceArguments(settings, new KafkaBroker(settings.kafkaDir(), 9092, 9093),
                new Postgres(settings.postgresDir(), 15432, secrets), new MailServer(3025, 8025, settings.mailDir()),
                new JwtKeys(settings.keysDir()), secrets);
    }

    private static List<ServiceSpec> all(ServiceArguments arguments) {
        List<ServiceSpec> specs = new ArrayList<>(arguments.services());
        specs.add(arguments.simulator());
        specs.add(arguments.console());
        return specs;
    }
}

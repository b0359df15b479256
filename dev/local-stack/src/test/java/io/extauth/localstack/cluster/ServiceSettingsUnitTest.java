package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsUnitTest {

    private static final String PER_USER = "EXTAUTH_CONTACTS_CHALLENGES_PERUSER";

    @TempDir Path home;

    @Test
    void ofAnEnvironmentOnlyTheServicesSettingsAreKeptNotTheClustersOrTheToolsOwn() {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(PER_USER, "1000000");
        environment.put("SPRING_KAFKA_CONSUMER_MAXPOLLRECORDS", "50");
        environment.put("LOGGING_LEVEL_IO_EXTAUTH", "DEBUG");
        environment.put("PATH", "/usr/bin");
        environment.put("HOME", "/root");
        environment.put("EXTAUTH_CLUSTER_HOME", "/tmp/c");
        environment.put("EXTAUTH_LIBFAKETIME", "/lib/x.so");
        // cluster.env's, sourced into an operator's shell, and what the cluster sets for each instance itself
        environment.put("EXTAUTH_DB_URL", "jdbc:postgresql://elsewhere/x");
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://elsewhere/x");
        environment.put("EXTAUTH_PIN_PEPPER", "not-the-clusters");
        environment.put("EXTAUTH_MAIL_FROM", "a\nb");

        Map<String, String> settings = ServiceSettings.of(environment,
                ClusterPlan.forInspection(layout).setByTheCluster(), layout);

        assertThat(settings).containsOnlyKeys(PER_USER, "SPRING_KAFKA_CONSUMER_MAXPOLLRECORDS",
                "LOGGING_LEVEL_IO_EXTAUTH");
    }

    @Test
    void keptSettingsAreReadBackWhateverTheirCharactersAndAShellCanSourceThem() throws Exception {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        String odd = "it's $HOME `date` \\n \"x\"";

        ServiceSettings.keep(layout, Map.of(PER_USER, "1000000", "EXTAUTH_MAIL_FROM", odd));

        assertThat(ServiceSettings.read(layout)).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("EXTAUTH_MAIL_FROM", odd, PER_USER, "1000000")));
        Process bash = new ProcessBuilder("bash", "-c", "set -eu; . '" + ServiceSettings.file(layout)
                + "'; printf '%s' \"$EXTAUTH_MAIL_FROM\"").redirectErrorStream(true).start();
        assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(odd);
        assertThat(bash.waitFor()).isZero();
    }

    @Test
    void theFileIsTheOwnersOnlyForASettingMayBeASecret() throws Exception {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        ServiceSettings.keep(layout, Map.of(PER_USER, "1"));
        ServiceSettings.keep(layout, Map.of(PER_USER, "2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ServiceSettings.file(layout))))
                .isEqualTo("rw-------");
    }

    @Test
    void aLaterUpReplacesTheNamesItIsGivenKeepsTheOthersAndDownForgetsThemAll() {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        ServiceSettings.keep(layout, Map.of(PER_USER, "1000000", "EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "1000000"));

        // an up to start what stopped, run from a shell without the limits: nothing it is not given is lost
        assertThat(ServiceSettings.keep(layout, Map.of())).containsEntry(PER_USER, "1000000");
        Map<String, String> kept = ServiceSettings.keep(layout, Map.of(PER_USER, "50"));

        assertThat(kept).containsEntry(PER_USER, "50").containsEntry("EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "1000000");
        assertThat(ServiceSettings.read(layout)).isEqualTo(kept);

        ServiceSettings.forget(layout);

        assertThat(ServiceSettings.read(layout)).isEmpty();
        assertThat(ServiceSettings.file(layout)).doesNotExist();
    }

    @Test
    void aStartGetsTheKeptSettingsItsOwnCommandDoesNotSet() {
        Map<String, String> kept = Map.of(PER_USER, "1000000", "EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "1000000");

        assertThat(ServiceSettings.forStart(kept, Map.of("EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "7", "PATH", "/bin")))
                .containsExactlyEntriesOf(Map.of(PER_USER, "1000000"));
    }

    @Test
    void aHandEditedPlainValueIsReadAsAShellReadsItAndAnUnclosedQuoteIsRefusedNamingTheFile() throws Exception {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        Files.writeString(ServiceSettings.file(layout), "# edited\n" + PER_USER + "=1000000\n", StandardCharsets.UTF_8);

        assertThat(ServiceSettings.read(layout)).containsExactlyEntriesOf(Map.of(PER_USER, "1000000"));

        Files.writeString(ServiceSettings.file(layout), PER_USER + "='1000000\n", StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceSettings.read(layout))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ServiceSettings.file(layout).toString()).hasMessageContaining("closing quote");
    }
}

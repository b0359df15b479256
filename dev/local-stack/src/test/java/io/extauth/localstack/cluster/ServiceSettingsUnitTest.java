package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.extauth.localstack.CheckoutFiles;
import io.extauth.localstack.ExtauthCliAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServiceSettingsUnitTest {

    private static final String PER_USER = "EXTAUTH_CONTACTS_CHALLENGES_PERUSER";
    private static final String PER_NUMBER = "EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER";

    @TempDir Path home;

    private ClusterLayout layout() {
        return new ClusterLayout(home, 21_000);
    }

    private Set<String> setByTheCluster() {
        return ClusterPlan.forInspection(layout()).setByTheCluster();
    }

    private ServiceSettings.Kept keep(Map<String, String> environment) {
        return ServiceSettings.keep(layout(), ServiceSettings.of(environment, setByTheCluster(), layout()),
                setByTheCluster());
    }

    private Map<String, String> read() {
        return ServiceSettings.read(layout(), setByTheCluster());
    }

    /** As an operator's editor leaves it whatever the umask (002 gives rw-rw-r--, which is refused). */
    private static Path ownerOnly(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void ofAnEnvironmentOnlyTheServicesSettingsAreKeptNotTheClustersTheToolsOrDockerComposes() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(PER_USER, "1000000");
        environment.put("SPRING_KAFKA_CONSUMER_MAXPOLLRECORDS", "50");
        environment.put("LOGGING_LEVEL_IO_EXTAUTH", "DEBUG");
        environment.put("PATH", "/usr/bin");
        environment.put("LD_PRELOAD", "/tmp/x.so");
        environment.put("EXTAUTH_CLUSTER_HOME", "/tmp/c");
        environment.put("EXTAUTH_LIBFAKETIME", "/lib/x.so");
        // docker-compose.yml's secrets, which an operator exports for it in the same shell
        environment.put("EXTAUTH_DB_PASSWORD", "secret");
        environment.put("EXTAUTH_CALLBACK_SECRET", "secret");
        // cluster.env's, sourced into an operator's shell, and what the cluster sets for each instance itself
        environment.put("EXTAUTH_DB_URL", "jdbc:postgresql://elsewhere/x");
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://elsewhere/x");
        environment.put("EXTAUTH_PIN_PEPPER", "not-the-clusters");

        ServiceSettings.Given given = ServiceSettings.of(environment, setByTheCluster(), layout());

        assertThat(given.settings()).containsOnlyKeys(PER_USER, "SPRING_KAFKA_CONSUMER_MAXPOLLRECORDS",
                "LOGGING_LEVEL_IO_EXTAUTH");
        assertThat(given.notKept()).isEmpty();
    }

    @Test
    void everyVariableTheToolsCommandsReadIsNoServiceSetting() {
        List<String> read = new ArrayList<>();
        collectEnvironmentDefaults(ExtauthCliAccess.commandLine().setInterpolateVariables(false), read);
        Pattern envDefault = Pattern.compile("\\$\\{env:(EXTAUTH_[A-Z0-9_]+)");
        Set<String> names = new TreeSet<>();
        for (String text : read) {
            Matcher matcher = envDefault.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        Map<String, String> environment = new TreeMap<>();
        names.forEach(name -> environment.put(name, "1"));

        assertThat(names).as("the commands' ${env:…} defaults were found").contains("EXTAUTH_CLUSTER_HOME",
                "EXTAUTH_PORT_BASE", "EXTAUTH_BOOTSTRAP_SERVERS", "EXTAUTH_BIND");
        assertThat(ServiceSettings.of(environment, setByTheCluster(), layout()).settings()).isEmpty();
    }

    private static void collectEnvironmentDefaults(CommandLine command, List<String> into) {
        command.getCommandSpec().options().forEach(option -> {
            if (option.defaultValue() != null) {
                into.add(option.defaultValue());
            }
        });
        command.getCommandSpec().positionalParameters().forEach(parameter -> {
            if (parameter.defaultValue() != null) {
                into.add(parameter.defaultValue());
            }
        });
        command.getSubcommands().values().forEach(sub -> collectEnvironmentDefaults(sub, into));
    }

    @Test
    void aNameAShellCouldNotAssignOrAValueWithALineBreakIsNotKeptAndSaidSo() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("EXTAUTH_X$(touch pwned)", "1");
        environment.put("EXTAUTH_MAIL_FROM", "a\nb");

        ServiceSettings.Given given = ServiceSettings.of(environment, setByTheCluster(), layout());

        assertThat(given.settings()).isEmpty();
        assertThat(given.notKept()).containsExactlyInAnyOrder("EXTAUTH_X$(touch pwned) (not a name a shell can assign)",
                "EXTAUTH_MAIL_FROM (its value has a line break)");
    }

    @Test
    void keptSettingsAreReadBackWhateverTheirCharactersAndAShellSourcesThemToTheSameValues() throws Exception {
        Map<String, String> odd = new TreeMap<>();
        odd.put("EXTAUTH_A", "it's $HOME `date` \\n \"x\"");
        odd.put("EXTAUTH_B", "'");
        odd.put("EXTAUTH_C", "a=b=c");
        odd.put("EXTAUTH_D", "ends with \\");
        odd.put("EXTAUTH_E", "  spaces around  ");

        keep(odd);

        assertThat(read()).isEqualTo(odd);
        for (Map.Entry<String, String> setting : odd.entrySet()) {
            Process bash = new ProcessBuilder("bash", "-c", "set -eu; . '" + ServiceSettings.file(layout())
                    + "'; printf '%s' \"$" + setting.getKey() + "\"").redirectErrorStream(true).start();
            assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as(setting.getKey())
                    .isEqualTo(setting.getValue());
            assertThat(bash.waitFor()).isZero();
        }
    }

    @Test
    void theFileIsTheOwnersOnlyForASettingMayBeASecretAndOneMadeReadableIsNarrowedWhenRead() throws Exception {
        keep(Map.of(PER_USER, "1"));
        keep(Map.of(PER_USER, "2"));
        Path file = ServiceSettings.file(layout());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(home).isDirectoryNotContaining("glob:**.next");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(read()).containsEntry(PER_USER, "2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aLaterUpReplacesTheNamesItIsGivenForgetsOnesGivenEmptyKeepsTheOthersAndDownForgetsThemAll() throws Exception {
        keep(Map.of(PER_USER, "1000000", PER_NUMBER, "1000000"));

        // an up to start what stopped, run from a shell without the limits: nothing it is not given is lost
        assertThat(keep(Map.of()).settings()).containsEntry(PER_USER, "1000000");
        ServiceSettings.Kept kept = keep(Map.of(PER_USER, "50", PER_NUMBER, ""));

        assertThat(kept.settings()).containsExactlyEntriesOf(Map.of(PER_USER, "50"));
        assertThat(kept.changed()).containsExactly(PER_NUMBER, PER_USER);
        assertThat(keep(Map.of(PER_USER, "50")).changed()).as("the same value again changes nothing").isEmpty();
        assertThat(keep(Map.of("EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION", "9")).changed())
                .as("a name kept for the first time: the instances running have not got it")
                .containsExactly("EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION");
        assertThat(read()).containsExactlyEntriesOf(new TreeMap<>(Map.of(PER_USER, "50",
                "EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION", "9")));

        Files.writeString(home.resolve("service-settings.env.0b5e6c1e-54c8-4d2a-9a47-3b1f2a9c0d11.next"), "x");
        ServiceSettings.forget(layout());

        assertThat(read()).isEmpty();
        try (Stream<Path> left = Files.list(home)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("the lock's file only")
                    .containsExactly("service-settings.env.lock");
        }
    }

    @Test
    void downInAHomeWhereNothingWasKeptMakesNothingThere() throws Exception {
        ServiceSettings.forget(layout());

        assertThat(home).isEmptyDirectory();
    }

    @Test
    void aValueThatCannotBeKeptForgetsTheOneKeptBeforeSoNoLaterStartGoesBackToIt() {
        keep(Map.of("EXTAUTH_MAIL_FROM", "old@example.com", PER_USER, "1000000"));

        ServiceSettings.Kept kept = keep(Map.of("EXTAUTH_MAIL_FROM", "new\n@example.com"));

        assertThat(kept.settings()).containsExactlyEntriesOf(Map.of(PER_USER, "1000000"));
        assertThat(kept.changed()).containsExactly("EXTAUTH_MAIL_FROM");
    }

    @Test
    void aLowercaseNameIsAShellsNameToo() {
        assertThat(ServiceSettings.of(Map.of("SPRING_profiles_active", "dev"), setByTheCluster(), layout()).settings())
                .containsEntry("SPRING_profiles_active", "dev");
    }

    @Test
    void aFileOthersMayWriteALinkOrAnotherUsersFileIsNotTaken() throws Exception {
        keep(Map.of(PER_USER, "1"));
        Path file = ServiceSettings.file(layout());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(this::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may be written by others");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Path elsewhere = Files.move(file, home.resolve("elsewhere.env"));
        Files.createSymbolicLink(file, elsewhere);
        assertThatThrownBy(this::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a plain file");
        assertThatThrownBy(() -> keep(Map.of(PER_USER, "2"))).as("nor kept over")
                .isInstanceOf(IllegalStateException.class);

        Files.delete(file);
        Files.move(elsewhere, file);
        assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file to another user");
        Files.setAttribute(file, "unix:uid", 1);
        assertThatThrownBy(this::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to user 1");
    }

    @Test
    void aRefusedCharacterIsNamedByItsNumberNotShown() throws Exception {
        ownerOnly(Files.writeString(ServiceSettings.file(layout()), PER_USER + "=ab$cd\n", StandardCharsets.UTF_8));

        assertThatThrownBy(this::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("character 3 (U+0024)").message().doesNotContain("$");
    }

    @Test
    void everyVariableTheLauncherTheToolsAndDockerComposeReadThemselvesIsNoServiceSetting() throws Exception {
        Path checkout = Path.of("../..").toAbsolutePath().normalize();
        Set<String> names = new TreeSet<>();
        Pattern inJava = Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]*)|getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
        for (String root : List.of("dev", "tools")) {
            for (Path java : CheckoutFiles.under(checkout.resolve(root)).stream()
                    .filter(f -> f.toString().contains("/src/main/") && f.toString().endsWith(".java")).toList()) {
                Matcher matcher = inJava.matcher(Files.readString(java));
                while (matcher.find()) {
                    names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                }
            }
        }
        // the launcher's own variables; docker-compose.yml's ${…}, which compose substitutes, no service reads
        Matcher launcher = Pattern.compile("(EXTAUTH_[A-Z0-9_]+)").matcher(Files.readString(checkout.resolve("extauth")));
        while (launcher.find()) {
            names.add(launcher.group(1));
        }
        Matcher compose = Pattern.compile("\\$\\{(EXTAUTH_[A-Z0-9_]+)")
                .matcher(Files.readString(checkout.resolve("docker-compose.yml")));
        while (compose.find()) {
            names.add(compose.group(1));
        }
        Map<String, String> environment = new TreeMap<>();
        names.stream().filter(name -> ServiceSettings.PREFIXES.stream().anyMatch(name::startsWith))
                .forEach(name -> environment.put(name, "1"));

        assertThat(environment).as("found").containsKeys("EXTAUTH_JAVA_OPTS", "EXTAUTH_LIBFAKETIME",
                "EXTAUTH_CALLBACK_SECRET", "EXTAUTH_BOOTSTRAP_SERVERS");
        assertThat(ServiceSettings.of(environment, setByTheCluster(), layout()).settings()).isEmpty();
    }

    @Test
    void aStartGetsTheKeptSettingsItsOwnCommandsEnvironmentDoesNotSet() {
        Map<String, String> kept = Map.of(PER_USER, "1000000", PER_NUMBER, "1000000");

        assertThat(ServiceSettings.forStart(kept, Map.of(PER_NUMBER, "7", "PATH", "/bin")))
                .containsExactlyEntriesOf(Map.of(PER_USER, "1000000"));
    }

    @Test
    void aHandEditedPlainWordIsReadAsAShellReadsItAndAnythingAShellWouldReadOtherwiseIsRefusedByLine()
            throws Exception {
        Path file = ServiceSettings.file(layout());
        Files.writeString(file, "# edited\n\n" + PER_USER + "=1000000\n" + PER_NUMBER + "='5'\n",
                StandardCharsets.UTF_8);
        ownerOnly(file);

        assertThat(read()).containsExactlyEntriesOf(new TreeMap<>(Map.of(PER_USER, "1000000", PER_NUMBER, "5")));

        for (String line : List.of(PER_USER + "=\"5\"", PER_USER + "=5 # note", PER_USER + "='5",
                "export " + PER_USER + "=5", " " + PER_USER + "=5", "LD_PRELOAD='/tmp/x.so'",
                "SPRING_DATASOURCE_URL='jdbc:postgresql://elsewhere/x'")) {
            Files.writeString(file, "# edited\n" + line + "\n", StandardCharsets.UTF_8);
            ownerOnly(file);
            assertThatThrownBy(this::read).as(line).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(file + ":2: ");
        }
    }
}

package io.extauth.localstack.cluster;

import io.extauth.localstack.StackSecrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterEnvUnitTest {

    @TempDir Path home;

    @Test
    void theEnvironmentFileNamesEveryPartAndAShellCanSourceIt() throws Exception {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        ClusterEnv.write(layout);

        String sourced = sourceAndPrint(layout.envFile(), "EXTAUTH_KAFKA_BOOTSTRAP", "EXTAUTH_ORDER_URLS",
                "EXTAUTH_MAIL_API", "EXTAUTH_JWT_PRIVATE_KEY", "EXTAUTH_DB_URL");

        assertThat(sourced.lines()).containsExactly(
                "127.0.0.1:21001,127.0.0.1:21002,127.0.0.1:21003",
                "http://127.0.0.1:21041,http://127.0.0.1:21042",
                "http://127.0.0.1:21026",
                layout.keysDir().resolve("jwt-private.pem").toString(),
                "jdbc:postgresql://127.0.0.1:21020/postgres");
        assertThat(ClusterEnv.variables(layout)).containsKeys("EXTAUTH_DB_USER", "EXTAUTH_DB_PASSWORD_FILE",
                "EXTAUTH_SMTP_HOST", "EXTAUTH_SMTP_PORT", "EXTAUTH_SIMULATOR_URL", "EXTAUTH_PROVISIONING_URLS",
                "EXTAUTH_CHALLENGE_URLS", "EXTAUTH_NOTIFICATION_URLS", "EXTAUTH_JWT_ISSUER");
    }

    @Test
    void noSecretValueIsWrittenToTheEnvironmentFile() {
        ClusterLayout layout = new ClusterLayout(home, 21_000);
        StackSecrets secrets = new StackSecrets(layout.keysDir());
        assertThat(ClusterEnv.variables(layout).keySet())
                .noneMatch(name -> name.contains("SECRET") || name.contains("PEPPER"));
        assertThat(ClusterEnv.variables(layout).values()).as("the database's password is named by its file only")
                .noneMatch(value -> value.contains(secrets.postgresPassword()))
                .contains(layout.keysDir().resolve(StackSecrets.POSTGRES_PASSWORD_FILE).toString());
    }

    private static String sourceAndPrint(Path envFile, String... names) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -eu; . '" + envFile + "';");
        for (String name : names) {
            script.append(" echo \"$").append(name).append("\";");
        }
        Process bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(output).isZero();
        return output;
    }
}

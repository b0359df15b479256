package io.extauth.localstack.cluster;

import io.extauth.localstack.StackSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import io.extauth.localstack.JwtKeys;

/**
 * {@code <home>/cluster.env}: where everything of the cluster is, as a file a shell can source
 * ({@code set -a; . .extauth/cluster/cluster.env}) and the tools read ({@code ./extauth token|audit|bench --cluster}).
 * It holds addresses and file paths, never a secret's value.
 */
public final class ClusterEnv {

    private ClusterEnv() {
    }

    public static Map<String, String> variables(ClusterLayout layout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EXTAUTH_CLUSTER_HOME", layout.home().toString());
        env.put("EXTAUTH_PORT_BASE", Integer.toString(layout.portBase()));
        env.put("EXTAUTH_KAFKA_BOOTSTRAP", layout.kafkaBootstrap());
        env.put("EXTAUTH_DB_URL", layout.jdbcUrl());
        env.put("EXTAUTH_DB_USER", ClusterPlan.DB_USER);
        // the password itself stays in the keys, owner-only: this file says where
        env.put("EXTAUTH_DB_PASSWORD_FILE", layout.keysDir().resolve(StackSecrets.POSTGRES_PASSWORD_FILE).toString());
        env.put("EXTAUTH_SMTP_HOST", ClusterLayout.HOST);
        env.put("EXTAUTH_SMTP_PORT", Integer.toString(layout.smtpPort()));
        env.put("EXTAUTH_MAIL_API", layout.mailApiUrl());
        env.put("EXTAUTH_SIMULATOR_URL", layout.simulatorUrl());
        env.put("EXTAUTH_ORDER_URLS", String.join(",", layout.serviceUrls("order-service")));
        env.put("EXTAUTH_PROVISIONING_URLS", String.join(",", layout.serviceUrls("provisioning-service")));
        env.put("EXTAUTH_CHALLENGE_URLS", String.join(",", layout.serviceUrls("challenge-service")));
        env.put("EXTAUTH_NOTIFICATION_URLS", String.join(",", layout.serviceUrls("notification-service")));
        env.put("EXTAUTH_JWT_ISSUER", JwtKeys.ISSUER);
        env.put("EXTAUTH_JWT_AUDIENCE", JwtKeys.AUDIENCE);
        env.put("EXTAUTH_KEYS_DIR", layout.keysDir().toString());
        env.put("EXTAUTH_JWT_PRIVATE_KEY", layout.keysDir().resolve(JwtKeys.PRIVATE_KEY_FILE).toString());
        env.put("EXTAUTH_JWT_PUBLIC_KEY", layout.keysDir().resolve(JwtKeys.PUBLIC_KEY_FILE).toString());
        env.put("EXTAUTH_PROCESSES_DIR", layout.processesDir().toString());
        env.put("EXTAUTH_LOGS_DIR", layout.logsDir().toString());
        return env;
    }

    /** The file's text: one {@code NAME='value'} per line, single-quoted so no value is expanded by the shell. */
    public static String render(ClusterLayout layout) {
        StringBuilder text = new StringBuilder("# ./extauth cluster: where this cluster's parts are. Source it: set -a; . ")
                .append(layout.envFile()).append('\n');
        variables(layout).forEach((name, value) ->
                text.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return text.toString();
    }

    public static void write(ClusterLayout layout) {
        try {
            StackSecrets.createHome(layout.home());
            Files.writeString(layout.envFile(), render(layout), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + layout.envFile(), e);
        }
    }
}

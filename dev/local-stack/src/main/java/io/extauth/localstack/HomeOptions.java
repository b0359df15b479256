package io.extauth.localstack;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the stack keeps its state, relative to the working directory (the repository root for ./extauth). */
final class HomeOptions {

    @Option(names = "--home", defaultValue = "${env:EXTAUTH_HOME:-.extauth}",
            description = "State directory: data, keys, lock (default: ${DEFAULT-VALUE}).")
    Path home = Path.of(".extauth");

    @Option(names = "--data-dir", defaultValue = "${env:EXTAUTH_DATA_DIR}",
            description = "Kafka, PostgreSQL, mail and simulator data (default: <home>/data).")
    @Nullable Path dataDir;

    @Option(names = "--keys-dir", defaultValue = "${env:EXTAUTH_KEYS_DIR}",
            description = "JWT key pair (default: <home>/keys).")
    @Nullable Path keysDir;

    Path home() {
        return home.toAbsolutePath().normalize();
    }

    Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home().resolve("data");
    }

    Path keysDir() {
        return keysDir != null ? keysDir.toAbsolutePath().normalize() : home().resolve("keys");
    }
}

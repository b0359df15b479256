package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSecretsUnitTest {

    @TempDir
    Path home;

    @Test
    void eachHomeGetsItsOwnRandomCallbackSecretAndPepperOf32BytesNeverTheOldPublishedOne() {
        StackSecrets first = new StackSecrets(home.resolve("a"));
        StackSecrets second = new StackSecrets(home.resolve("b"));

        assertThat(first.callbackSecret()).matches("[0-9a-f]{64}").isNotEqualTo(second.callbackSecret())
                .isNotEqualTo(first.pinPepper()).isNotEqualTo("dev-callback-secret");
        assertThat(first.pinPepper()).matches("[0-9a-f]{64}").isNotEqualTo(second.pinPepper());
    }

    @Test
    void theSecretsAreKeptAndReusedByTheNextStartOfTheSameHome() {
        StackSecrets first = new StackSecrets(home);

        StackSecrets again = new StackSecrets(home);

        assertThat(again.callbackSecret()).isEqualTo(first.callbackSecret());
        assertThat(again.pinPepper()).isEqualTo(first.pinPepper());
    }

    @Test
    void theSecretFilesAreReadableByTheOwnerOnly() throws Exception {
        StackSecrets secrets = new StackSecrets(home.resolve("keys"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.callbackSecretFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.pinPepperFile())))
                .isEqualTo("rw-------");
        assertThat(secrets.callbackSecretFile().getParent()).isEqualTo(home.resolve("keys"));
    }

    @Test
    void aHomeTheStackMakesCanBeEnteredByItsOwnerOnlyOneThatExistedKeepsItsPermissions() throws Exception {
        Path made = home.resolve("projects").resolve(".extauth");
        Path chosen = Files.createDirectory(home.resolve("chosen"));
        Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwxr-xr-x"));

        UpLock.tryAcquire(made).orElseThrow().close();
        StackSecrets.createHome(chosen);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chosen))).isEqualTo("rwxr-xr-x");
    }
}

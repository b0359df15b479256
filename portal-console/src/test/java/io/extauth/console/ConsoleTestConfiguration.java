package io.extauth.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import io.extauth.console.signin.DevTokens;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The console's web layer with the services faked (unit tests only) and a dev sign-in key of its own. */
@TestConfiguration(proxyBeanMethods = false)
public class ConsoleTestConfiguration {

    @Bean
    FakeApi fakeApi() {
        return new FakeApi();
    }

    @Bean
    ConsoleProperties consoleProperties() {
        URI service = URI.create("http://127.0.0.1:1");
        return new ConsoleProperties(service, service, service, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), new ConsoleProperties.DevSignIn(privateKey(), "extauth-local", "extauth",
                        Duration.ofHours(1)));
    }

    @Bean
    DevTokens devTokens(ConsoleProperties properties) {
        return new DevTokens(properties);
    }

    private static Path privateKey() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            Path file = Files.createTempFile("console-test-key", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

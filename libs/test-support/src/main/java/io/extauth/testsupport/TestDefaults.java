package io.extauth.testsupport;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** On a test classpath, services trust {@link TestJwt}'s key and issuer unless a test says otherwise. */
public class TestDefaults implements EnvironmentPostProcessor {

    private static final String KEY = "spring.security.oauth2.resourceserver.jwt.public-key-location";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var commandLine = environment.getPropertySources().get("commandLineArgs");
        if (commandLine != null && commandLine.containsProperty(KEY)) {
            return; // started like the local stack does, with its own key: leave it
        }
        environment.getPropertySources().addFirst(new MapPropertySource("extauth-test-defaults", Map.of(
                KEY, environment.getProperty("extauth.test.jwt-public-key-location", TestJwt.publicKeyLocation()),
                "extauth.security.jwt.issuer", TestJwt.ISSUER)));
    }
}

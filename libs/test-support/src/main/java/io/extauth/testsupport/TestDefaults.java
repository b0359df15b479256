package io.extauth.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * On a test classpath, services trust {@link TestJwt}'s key and issuer unless a test says otherwise, and get a random
 * callback secret and PIN pepper of this JVM, and no inbox prune on a timer (lowest priority: a test or the local stack
 * that sets its own wins).
 */
public class TestDefaults implements EnvironmentPostProcessor {

    /** The callback secret services get on a test classpath; the simulator a test starts must be given it. */
    public static final String CALLBACK_SECRET = randomSecret();
    /** The PIN pepper services get on a test classpath. */
    public static final String PIN_PEPPER = randomSecret();

    private static final String KEY = "spring.security.oauth2.resourceserver.jwt.public-key-location";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("extauth-test-secrets", Map.of(
                "extauth.vendors.phonefactor.callback-secret", CALLBACK_SECRET, "extauth.pin.pepper", PIN_PEPPER)));
        // no context deletes inbox rows on a timer of its own: a round could meet another test's rows (the tests'
        // clocks are set ahead) or race a test that prunes and counts (messaging kit's InboxPrunerIntegrationTest)
        environment.getPropertySources().addLast(new MapPropertySource("extauth-test-quiet", Map.of(
                "extauth.messaging.inbox.prune-interval", "0")));
        var commandLine = environment.getPropertySources().get("commandLineArgs");
        if (commandLine != null && commandLine.containsProperty(KEY)) {
            return; // started like the local stack does, with its own key: leave it
        }
        environment.getPropertySources().addFirst(new MapPropertySource("extauth-test-defaults", Map.of(
                KEY, environment.getProperty("extauth.test.jwt-public-key-location", TestJwt.publicKeyLocation()),
                "extauth.security.jwt.issuer", TestJwt.ISSUER)));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

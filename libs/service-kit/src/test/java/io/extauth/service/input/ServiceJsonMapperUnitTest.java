package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.service.ServiceDefaults;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper Boot 4 builds for a service's HTTP bodies (Jackson 3) with the kit's defaults and read limits: it
 * writes and reads bodies as the Jackson 2 mapper did before the move.
 */
class ServiceJsonMapperUnitTest {

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                    new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, InputAutoConfiguration.class));

    /** A body that is a class, not a record: Jackson 3 alone would write its properties alphabetically. */
    public static final class Answer {

        private final String zone = "eu";
        private final int attempts = 0;
        private final Instant at = Instant.parse("2027-03-01T08:00:00Z");

        public String getZone() {
            return zone;
        }

        public int getAttempts() {
            return attempts;
        }

        public Instant getAt() {
            return at;
        }

        public String getNothing() {
            return null;
        }
    }

    record Counted(String name, int count) {
    }

    @Test
    void bodiesAreWrittenInDeclarationOrderWithoutNullsAndWithTimesAsText() {
        service.run(context -> assertThat(context.getBean(JsonMapper.class).writeValueAsString(new Answer()))
                .isEqualTo("{\"zone\":\"eu\",\"attempts\":0,\"at\":\"2027-03-01T08:00:00Z\"}"));
    }

    @Test
    void bodiesAreReadAsTolerantlyAsBefore() {
        service.run(context -> {
            Counted counted = context.getBean(JsonMapper.class)
                    .readValue("{\"name\":\"a\",\"count\":null,\"unknown\":1} ", Counted.class);

            assertThat(counted).isEqualTo(new Counted("a", 0));
        });
    }

    @Test
    void theKitsReadLimitsAndNulRefusalAreOnBootsMapper() {
        service.run(context -> {
            JsonMapper mapper = context.getBean(JsonMapper.class);

            assertThatThrownBy(() -> mapper.readTree("[".repeat(33) + "]".repeat(33)))
                    .isInstanceOf(StreamConstraintsException.class);
            assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\\u0000b\",\"count\":1}", Counted.class))
                    .isInstanceOf(UnstorableTextException.class);
        });
    }
}

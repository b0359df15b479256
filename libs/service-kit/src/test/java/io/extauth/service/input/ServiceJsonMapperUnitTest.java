package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.service.ServiceDefaults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.JacksonException;
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

    record Ordered(String accountId, Boolean msaAcknowledged, Kind kind, int count) {
    }

    record Priced(java.math.BigDecimal fee, java.time.LocalDate from) {
    }

    enum Kind {
        FIRST, SECOND
    }

    @Test
    void requestBodiesAreReadStrictlyTrailingTextDuplicateKeysAndConvertedScalarsRefused() {
        service.run(context -> {
            JsonMapper strict = StrictJson.of(context.getBean(JsonMapper.class));
            String sound = "{\"accountId\":\"1234\",\"msaAcknowledged\":true,\"kind\":\"SECOND\",\"count\":2}";

            assertThat(strict.readValue(sound, Ordered.class)).isEqualTo(new Ordered("1234", true, Kind.SECOND, 2));
            assertThat(strict.readValue(sound.replace("}", ",\"unknown\":1}"), Ordered.class).count())
                    .as("a field the endpoint does not know is still passed over").isEqualTo(2);
            for (String body : List.of(sound + " garbage", sound + " " + sound, sound + "}",
                    sound.replace("{", "{\"accountId\":\"other\","),
                    sound.replace("true", "1"), sound.replace("true", "\"true\""),
                    sound.replace("\"1234\"", "1234"), sound.replace("\"1234\"", "true"),
                    sound.replace("\"SECOND\"", "1"), sound.replace("2}", "\"2\"}"), sound.replace("2}", "2.5}"))) {
                assertThatThrownBy(() -> strict.readValue(body, Ordered.class)).as(body)
                        .isInstanceOf(JacksonException.class);
            }
            // as Jackson reads them: a decimal as a string (the services write fees so) or a whole number, and an
            // empty string as no value
            assertThat(strict.readValue("{\"fee\":\"1.50\"}", Priced.class).fee()).isEqualByComparingTo("1.50");
            assertThat(strict.readValue("{\"fee\":2}", Priced.class).fee()).isEqualByComparingTo("2");
            assertThat(strict.readValue("{\"fee\":\"\",\"from\":\"\"}", Priced.class))
                    .isEqualTo(new Priced(null, null));
            assertThatThrownBy(() -> strict.readValue("{\"fee\":true}", Priced.class))
                    .isInstanceOf(JacksonException.class);
            // the services' own mapper, which reads vendors' answers, is left as it was
            assertThat(context.getBean(JsonMapper.class).readValue(sound + " garbage", Ordered.class).count())
                    .isEqualTo(2);
        });
    }

    @Test
    void theServersJsonConverterIsReplacedByOneOnTheStrictMapper() {
        service.run(context -> {
            List<HttpMessageConverter<?>> converters = new ArrayList<>(List.of(new StringHttpMessageConverter(),
                    new JacksonJsonHttpMessageConverter(context.getBean(JsonMapper.class))));

            StrictJson.readBodiesStrictly(converters);

            assertThat(converters.get(0)).isInstanceOf(StringHttpMessageConverter.class);
            JsonMapper read = ((JacksonJsonHttpMessageConverter) converters.get(1)).getMapper();
            assertThatThrownBy(() -> read.readValue("{\"count\":1} {}", Ordered.class))
                    .isInstanceOf(JacksonException.class);
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

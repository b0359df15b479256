package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BoundedJsonUnitTest {

    private final ObjectMapper mapper = mapper();

    record Phone(String number) {
    }

    record Request(String accountId, String userId, List<Phone> phones) {
    }

    @Test
    void aNulInAStringFieldIsRefusedNamingTheFieldAsTheCallerWroteIt() {
        String json = "{\"accountId\":\"1234\",\"userId\":\"carol\",\"phones\":[{\"number\":\"1\"},"
                + "{\"number\":\"2015\\u00005550147\"}]}";

        assertThatThrownBy(() -> mapper.readValue(json, Request.class))
                .isInstanceOf(UnstorableTextException.class)
                .satisfies(e -> assertThat(InputProblemsAdvice.field((DatabindException) e))
                        .isEqualTo("phones[1].number"));
    }

    @Test
    void ordinaryTextIsReadAsBefore() {
        Request request = mapper.readValue("{\"accountId\":\"1234\",\"userId\":\"carol\",\"phones\":[]}",
                Request.class);

        assertThat(request.userId()).isEqualTo("carol");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "{\"accountId\":" + "[".repeat(33) + "]".repeat(33) + "}";

        assertThatThrownBy(() -> mapper.readTree(deep)).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aNumberLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> mapper.readTree("{\"n\":" + "9".repeat(65) + "}"))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("Number value length");
    }

    @Test
    void aDocumentOfMoreThanTwiceTheBodyLimitIsRefusedWhileParsing() {
        StringBuilder fields = new StringBuilder("{");
        for (int i = 0; fields.length() < 130 * 1024; i++) {
            fields.append("\"f").append(i).append("\":0,");
        }
        fields.append("\"end\":0}");

        assertThatThrownBy(() -> mapper.readTree(fields.toString())).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("Document length");
    }

    private static ObjectMapper mapper() {
        InputAutoConfiguration configuration = new InputAutoConfiguration();
        JsonFactoryBuilder factory = JsonFactory.builder();
        configuration.boundedJson(new InputLimitsProperties(DataSize.ofKilobytes(64), 32, 64, 4,
                Duration.ofMillis(50), Duration.ofSeconds(5))).customize(factory);
        JsonMapper.Builder builder = JsonMapper.builder(factory.build());
        configuration.storableText().customize(builder);
        return builder.build();
    }
}

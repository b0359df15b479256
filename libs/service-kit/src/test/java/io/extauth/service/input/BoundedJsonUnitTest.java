package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
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
                .satisfies(e -> assertThat(InputProblemsAdvice.field((JsonMappingException) e))
                        .isEqualTo("phones[1].number"));
    }

    @Test
    void ordinaryTextIsReadAsBefore() throws Exception {
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
        Jackson2ObjectMapperBuilder builder = new Jackson2ObjectMapperBuilder();
        new InputAutoConfiguration().boundedJson(new InputLimitsProperties(DataSize.ofKilobytes(64), 32, 64))
                .customize(builder);
        return builder.build();
    }
}

package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a malformed-json problem says: the JSON that was expected, never a Java type, and never the text of the body it
 * could not read, which may be a PIN or a code in a body built by hand.
 */
class MalformedJsonDetailUnitTest {

    record Settings(String pin, int attempts) {
    }

    private final JsonMapper mapper = StrictJson.of(JsonMapper.builder().build());

    @Test
    void theBodysTextIsNotRepeatedNorAJavaTypeNamed() {
        Map<String, String> bodies = Map.of(
                "{\"pin\": tru4917}", "4917",
                "{\"attempts\": 99999999999999999994917}", "4917",
                "{\"pin\": 4917}", "Settings");
        bodies.forEach((body, secret) -> {
            JacksonException refused = catchThrowableOfType(JacksonException.class,
                    () -> mapper.readValue(body, Settings.class));

            String detail = InputProblemsAdvice.what(refused);
            assertThat(detail).as(body).isNotBlank().doesNotContain(secret, "`", "io.extauth", "java.");
        });
        assertThat(InputProblemsAdvice.what(catchThrowableOfType(JacksonException.class,
                () -> mapper.readValue("{\"pin\": 4917}", Settings.class)))).isEqualTo("expected string");
    }
}

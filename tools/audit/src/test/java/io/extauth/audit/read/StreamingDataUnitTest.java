package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.OrderRejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamingDataUnitTest {

    private final StreamingData streaming = new StreamingData(ContractJson.mapper(), new SharedStrings());

    @Test
    void everyEventAsTheServicesWriteItIsReadWithoutDataBindingExceptAListOfReasons() throws Exception {
        for (ExtauthEvent event : RecordShapes.everyEvent()) {
            ExtauthEvent read = streaming.read(ContractJson.mapper().writeValueAsBytes(event), event.getClass());

            if (event instanceof OrderRejected) {
                assertThat(read).as(event.toString()).isNull();
            } else {
                assertThat(read).as(event.toString()).isEqualTo(event);
            }
        }
    }

    @Test
    void dataInAnyOtherShapeIsLeftToDataBinding() {
        String result = "{\"accountId\":\"1000\",\"userId\":\"jane\",\"challengeId\":\"c-1\",\"channel\":\"PORTAL\","
                + "\"outcome\":\"FAILED\",\"consecutiveFailures\":1,\"remainingAttempts\":4,"
                + "\"decidedAt\":\"2025-03-01T08:00:00Z\"";

        assertThat(streaming.read(bytes(result + "}"), ChallengeResult.class)).isNotNull();
        assertThat(streaming.read(bytes(result + ",\"remainingAttempts\":3}"), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result.replace(":1,", ":\"1\",") + "}"), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result.replace(",\"remainingAttempts\":4", "") + "}"),
                ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result.replace("\"FAILED\"", "1") + "}"), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result.replace("\"c-1\"", "7") + "}"), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result + ",\"decidedAt\":\"yesterday\"}"), ChallengeResult.class))
                .isNull();
        assertThat(streaming.read(bytes("[" + result + "}]"), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes(result), ChallengeResult.class)).isNull();
        assertThat(streaming.read(bytes("{\"accountId\":\"1\",\"userId\":\"u\",\"monthlyFee\":4.99}"),
                AuthOrdered.class)).isNull();
        assertThat(streaming.read(bytes("{\"accountId\":\"1\",\"userId\":\"u\",\"monthlyFee\":\"5E+1\"}"),
                AuthOrdered.class)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** One order, one trace: the caller's W3C trace context goes from the HTTP request to the event on Kafka. */
class OrderTraceIntegrationTest extends OrderServiceIntegrationTestBase {

    @Test
    void anOrderPlacedWithATraceparentPublishesItsEventInTheCallersTrace() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String user = newUser();

        assertThat(call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(user),
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01").status()).isEqualTo(202);

        RecordedEvent ordered = recorder.awaitEvent(Topics.AUTH_ORDERED, "AuthOrdered", user);
        assertThat(ordered.headers().get("traceparent")).as("the server span's child of the caller, in its trace")
                .startsWith("00-" + traceId + "-").doesNotContain(callerSpan);
    }
}

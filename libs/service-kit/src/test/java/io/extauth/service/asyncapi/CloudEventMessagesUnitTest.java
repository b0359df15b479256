package io.extauth.service.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import io.extauth.messaging.tracing.EventTracing;
import io.github.springwolf.asyncapi.v3.model.AsyncAPI;
import io.github.springwolf.asyncapi.v3.model.channel.message.Message;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageHeaders;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageObject;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageReference;
import io.github.springwolf.asyncapi.v3.model.components.Components;
import io.github.springwolf.asyncapi.v3.model.schema.SchemaObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class CloudEventMessagesUnitTest {

    @Test
    void everyMessageNamesTheCloudEventHeadersItsTypeAndItsKeyInsteadOfHeadersNotDocumented() {
        MessageObject ordered = MessageObject.builder().name("io.extauth.contract.events.AuthOrdered")
                .title("AuthOrdered").headers(MessageHeaders.of(MessageReference.toSchema("HeadersNotDocumented")))
                .build();
        MessageObject cancelled = MessageObject.builder().name("io.extauth.contract.events.OrderCancelled")
                .title("OrderCancelled").description("Its own words").build();
        Map<String, Message> messages = new HashMap<>(Map.of("a", ordered, "b", cancelled));
        Map<String, SchemaObject> schemas = new HashMap<>(Map.of("HeadersNotDocumented",
                SchemaObject.builder().type("object").build(), "io.extauth.contract.events.AuthOrdered",
                SchemaObject.builder().type("object").build()));
        AsyncAPI asyncApi = AsyncAPI.builder()
                .components(Components.builder().messages(messages).schemas(schemas).build()).build();

        new CloudEventMessages().customize(asyncApi);

        assertThat(asyncApi.getComponents().getSchemas()).containsKeys(CloudEventMessages.HEADERS,
                "io.extauth.contract.events.AuthOrdered").doesNotContainKey("HeadersNotDocumented");
        for (MessageObject message : List.of(ordered, cancelled)) {
            assertThat(message.getHeaders().getReference().getRef())
                    .isEqualTo("#/components/schemas/" + CloudEventMessages.HEADERS);
            assertThat(message.getDescription()).contains("key is the event's `userId`",
                    "`ce_type` header `" + message.getTitle() + "`");
        }
        assertThat(cancelled.getDescription()).startsWith("Its own words\n\n");
    }

    @Test
    void theHeadersDocumentedRequiredAreTheOnesWithoutWhichARecordIsUnreadableAndTheServicesWriteEveryOne() {
        SchemaObject headers = CloudEventMessages.headers();
        ProducerRecord<String, byte[]> written = CloudEventCodec.toRecord("auth.ordered", new OutgoingEvent("e-1",
                "AuthOrdered", "/order-service", Instant.parse("2026-12-08T00:00:00Z"), "u-1", "u-1",
                "{\"accountId\":\"a-1\",\"userId\":\"u-1\"}"));

        // what the services write is what the document lists: the codec's headers, and the relay's trace context
        List<String> writtenHeaders = new java.util.ArrayList<>(
                java.util.Arrays.stream(written.headers().toArray()).map(Header::key).toList());
        writtenHeaders.add(EventTracing.TRACEPARENT);
        assertThat(headers.getProperties().keySet()).containsExactlyInAnyOrderElementsOf(writtenHeaders);
        assertThat(CloudEventCodec.read(consumed(written, null)).type()).isEqualTo("AuthOrdered");
        for (String header : headers.getProperties().keySet()) {
            if (headers.getRequired().contains(header)) {
                assertThatThrownBy(() -> CloudEventCodec.read(consumed(written, header))).as(header)
                        .isInstanceOf(UnreadableEventException.class);
            } else {
                assertThat(CloudEventCodec.read(consumed(written, header)).id()).as(header).isEqualTo("e-1");
            }
        }
        assertThat(headers.getRequired()).containsExactlyInAnyOrder(CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE);
    }

    /** The record as a consumer gets it, without the header {@code left} (none when null). */
    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> written, String left) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(written.topic(), 0, 0, written.key(),
                written.value());
        for (Header header : written.headers()) {
            if (!header.key().equals(left)) {
                record.headers().add(header.key(), header.value());
            }
        }
        return record;
    }
}

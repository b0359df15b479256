package io.extauth.service.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.springwolf.asyncapi.v3.model.AsyncAPI;
import io.github.springwolf.asyncapi.v3.model.channel.ChannelObject;
import io.github.springwolf.asyncapi.v3.model.channel.ChannelReference;
import io.github.springwolf.asyncapi.v3.model.channel.message.Message;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageHeaders;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageObject;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageReference;
import io.github.springwolf.asyncapi.v3.model.components.Components;
import io.github.springwolf.asyncapi.v3.model.operation.Operation;
import io.github.springwolf.asyncapi.v3.model.operation.OperationAction;
import io.github.springwolf.asyncapi.v3.model.schema.SchemaObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterChannelsUnitTest {

    @Test
    void aTopicTheServiceReadsGetsItsDeadLetterTopicWrittenByItAndATopicItOnlyWritesGetsNone() {
        AsyncAPI asyncApi = document();

        new DeadLetterChannels().customize(asyncApi);

        assertThat(asyncApi.getChannels()).containsOnlyKeys("billing.orders", "billing.orders.rejected",
                "billing.orders-dlt");
        ChannelObject deadLetters = asyncApi.getChannels().get("billing.orders-dlt");
        assertThat(deadLetters.getAddress()).isEqualTo("billing.orders-dlt");
        assertThat(deadLetters.getMessages()).containsOnlyKeys(DeadLetterChannels.MESSAGE);
        Operation sent = asyncApi.getOperations().get("billing.orders-dlt_send_dead-letter");
        assertThat(sent.getAction()).isEqualTo(OperationAction.SEND);
        assertThat(sent.getChannel().getRef()).isEqualTo("#/channels/billing.orders-dlt");
        assertThat(asyncApi.getComponents().getSchemas()).containsKey(DeadLetterChannels.HEADERS);
        assertThat(DeadLetterChannels.headers().getRequired()).contains("extauth-dlt-reason",
                "kafka_dlt-original-topic", "kafka_dlt-original-partition", "kafka_dlt-original-offset");
    }

    @Test
    void theDeadLetterKeepsItsOwnHeadersWhicheverCustomizerRunsFirst() {
        for (boolean deadLettersFirst : List.of(true, false)) {
            AsyncAPI asyncApi = document();
            if (deadLettersFirst) {
                new DeadLetterChannels().customize(asyncApi);
                new CloudEventMessages().customize(asyncApi);
            } else {
                new CloudEventMessages().customize(asyncApi);
                new DeadLetterChannels().customize(asyncApi);
            }

            MessageObject deadLetter = (MessageObject) asyncApi.getComponents().getMessages()
                    .get(DeadLetterChannels.MESSAGE);
            assertThat(deadLetter.getHeaders().getReference().getRef()).as("dead letters first: " + deadLettersFirst)
                    .isEqualTo("#/components/schemas/" + DeadLetterChannels.HEADERS);
            assertThat(deadLetter.getDescription()).doesNotContain("`ce_type` header");
            MessageObject placed = (MessageObject) asyncApi.getComponents().getMessages().get("OrderPlaced");
            assertThat(placed.getHeaders().getReference().getRef())
                    .isEqualTo("#/components/schemas/" + CloudEventMessages.HEADERS);
        }
    }

    /** What Springwolf makes of a service that reads billing.orders and writes billing.orders.rejected. */
    private static AsyncAPI document() {
        MessageObject placed = MessageObject.builder().name("OrderPlaced").title("OrderPlaced")
                .headers(MessageHeaders.of(MessageReference.toSchema("HeadersNotDocumented"))).build();
        Map<String, ChannelObject> channels = new HashMap<>(Map.of(
                "billing.orders", ChannelObject.builder().address("billing.orders").build(),
                "billing.orders.rejected", ChannelObject.builder().address("billing.orders.rejected").build()));
        Map<String, Operation> operations = new HashMap<>(Map.of(
                "billing.orders_receive_placed", Operation.builder().action(OperationAction.RECEIVE)
                        .channel(ChannelReference.fromChannel("billing.orders")).build(),
                "billing.orders.rejected_send_rejected", Operation.builder().action(OperationAction.SEND)
                        .channel(ChannelReference.fromChannel("billing.orders.rejected")).build()));
        Map<String, Message> messages = new HashMap<>(Map.of("OrderPlaced", placed));
        Map<String, SchemaObject> schemas = new HashMap<>(Map.of("HeadersNotDocumented",
                SchemaObject.builder().type("object").build()));
        return AsyncAPI.builder().channels(channels).operations(operations)
                .components(Components.builder().messages(messages).schemas(schemas).build()).build();
    }
}

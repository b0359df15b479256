package io.extauth.service.asyncapi;

import io.extauth.contract.Topics;
import io.extauth.messaging.consumer.DeadLetters;
import io.github.springwolf.asyncapi.v3.model.AsyncAPI;
import io.github.springwolf.asyncapi.v3.model.channel.ChannelObject;
import io.github.springwolf.asyncapi.v3.model.channel.ChannelReference;
import io.github.springwolf.asyncapi.v3.model.channel.message.Message;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageHeaders;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageObject;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessagePayload;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageReference;
import io.github.springwolf.asyncapi.v3.model.operation.Operation;
import io.github.springwolf.asyncapi.v3.model.operation.OperationAction;
import io.github.springwolf.asyncapi.v3.model.schema.SchemaObject;
import io.github.springwolf.core.asyncapi.AsyncApiCustomizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every topic a service reads has its dead-letter topic in the service's AsyncAPI document: {@code <topic>-dlt}, which
 * the service writes and an operator reads and replays from ({@code ops/README.md}, "Replaying a dead letter"). The
 * document named only the contract's topics, so the topics an alert ({@code ExtauthDeadLetters}) sends an operator to,
 * and their headers ({@value DeadLetters#REASON_HEADER}, spring-kafka's {@code kafka_dlt-*}), were found only in prose.
 * A dead letter is the original record, key, value and headers unchanged, with those headers added.
 */
public final class DeadLetterChannels implements AsyncApiCustomizer {

    static final String MESSAGE = "DeadLetter";
    static final String HEADERS = "DeadLetterHeaders";

    @Override
    public void customize(AsyncAPI asyncApi) {
        if (asyncApi.getOperations() == null || asyncApi.getChannels() == null) {
            return;
        }
        TreeSet<String> read = new TreeSet<>();
        asyncApi.getOperations().values().stream().filter(operation -> operation.getAction() == OperationAction.RECEIVE)
                .map(operation -> channelId(operation.getChannel()))
                .map(id -> asyncApi.getChannels().get(id))
                .filter(channel -> channel != null && channel.getAddress() != null)
                .forEach(channel -> read.add(channel.getAddress()));
        if (read.isEmpty()) {
            return;
        }
        Map<String, ChannelObject> channels = new TreeMap<>(asyncApi.getChannels());
        Map<String, Operation> operations = new TreeMap<>(asyncApi.getOperations());
        for (String topic : read) {
            String deadLetters = Topics.deadLetterOf(topic);
            channels.put(deadLetters, ChannelObject.builder().address(deadLetters)
                    .description("The records of `" + topic + "` this service could not handle (unreadable, not of "
                            + "the contract, or failing after their retries), each on the partition of the same "
                            + "number; read them, fix the cause, and replay them to `" + topic + "` (ops/README.md, "
                            + "\"Replaying a dead letter\")")
                    .messages(Map.of(MESSAGE, MessageReference.toComponentMessage(MESSAGE))).build());
            operations.put(deadLetters + "_send_dead-letter", Operation.builder().action(OperationAction.SEND)
                    .channel(ChannelReference.fromChannel(deadLetters)).title(deadLetters + "_send")
                    .description("A record of `" + topic + "` that this service gave up on, with the reason")
                    .messages(List.of(MessageReference.toChannelMessage(deadLetters, MESSAGE))).build());
        }
        asyncApi.setChannels(channels);
        asyncApi.setOperations(operations);
        Map<String, Message> messages = new TreeMap<>(asyncApi.getComponents().getMessages() == null ? Map.of()
                : asyncApi.getComponents().getMessages());
        messages.put(MESSAGE, message());
        asyncApi.getComponents().setMessages(messages);
        Map<String, SchemaObject> schemas = new TreeMap<>(asyncApi.getComponents().getSchemas() == null ? Map.of()
                : asyncApi.getComponents().getSchemas());
        schemas.put(HEADERS, headers());
        asyncApi.getComponents().setSchemas(schemas);
    }

    /** Whether the message is this customizer's, which carries its own headers, not the CloudEvents ones. */
    static boolean isDeadLetter(MessageObject message) {
        return MESSAGE.equals(message.getName());
    }

    private static String channelId(ChannelReference reference) {
        String ref = reference.getRef();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static MessageObject message() {
        return MessageObject.builder().messageId(MESSAGE).name(MESSAGE).title(MESSAGE)
                .description("The original record, unchanged: its key (the event's `userId`), its value (the "
                        + "event's data, or whatever bytes it had), its CloudEvents headers when it had them; and "
                        + "the headers that say why and where from. A reduced dead letter (its reason says the "
                        + "original was too large to publish whole) has no value and no stack trace, and may have "
                        + "its key cut and some of the original's headers left out (the reason names them): replay "
                        + "the original from the position the reason names.")
                .headers(MessageHeaders.of(MessageReference.toSchema(HEADERS)))
                .payload(MessagePayload.of(SchemaObject.builder()
                        .description("The original record's value, byte for byte; none on a reduced dead letter")
                        .build()))
                .build();
    }

    /** What a dead letter carries besides the original's own headers ({@code DeadLetters}, spring-kafka's names). */
    static SchemaObject headers() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(DeadLetters.REASON_HEADER, text("Why the record was dead-lettered, in words: the refusal or "
                + "the failure after the last retry, and for a reduced dead letter where the original is"));
        properties.put("kafka_dlt-original-topic", text("The topic the record was read from"));
        properties.put("kafka_dlt-original-partition", binary("Its partition: a 4-byte big-endian integer"));
        properties.put("kafka_dlt-original-offset", binary("Its offset: an 8-byte big-endian integer"));
        properties.put("kafka_dlt-original-timestamp", binary("Its timestamp, epoch milliseconds: an 8-byte "
                + "big-endian integer"));
        properties.put("kafka_dlt-original-timestamp-type", text("CreateTime or LogAppendTime"));
        properties.put("kafka_dlt-original-consumer-group", text("The consumer group of the service that gave up, "
                + "when spring-kafka knows it"));
        properties.put("kafka_dlt-exception-fqcn", text("The failure's Java class as spring-kafka met it (often its "
                + "ListenerExecutionFailedException around the service's own)"));
        properties.put("kafka_dlt-exception-cause-fqcn", text("The Java class of the failure at its root (the failure "
                + "itself when nothing was wrapped around it)"));
        properties.put("kafka_dlt-exception-message", text("The failure's message"));
        properties.put("kafka_dlt-exception-stacktrace", text("The failure's stack trace; left out of a reduced dead "
                + "letter"));
        return SchemaObject.builder().type("object").title(HEADERS)
                .description("Added to the original record's headers, which are kept (the CloudEvents `ce_*` ones "
                        + "and `traceparent` when it had them). Leave these out when replaying.")
                .properties(properties)
                .required(List.of(DeadLetters.REASON_HEADER, "kafka_dlt-original-topic",
                        "kafka_dlt-original-partition", "kafka_dlt-original-offset", "kafka_dlt-original-timestamp",
                        "kafka_dlt-original-timestamp-type"))
                .build();
    }

    private static SchemaObject text(String description) {
        return SchemaObject.builder().type("string").description(description).build();
    }

    private static SchemaObject binary(String description) {
        return SchemaObject.builder().type("string").format("binary").description(description).build();
    }
}

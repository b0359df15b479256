package io.extauth.service.asyncapi;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.messaging.tracing.EventTracing;
import io.github.springwolf.asyncapi.v3.model.AsyncAPI;
import io.github.springwolf.asyncapi.v3.model.channel.message.Message;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageHeaders;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageObject;
import io.github.springwolf.asyncapi.v3.model.channel.message.MessageReference;
import io.github.springwolf.asyncapi.v3.model.schema.SchemaObject;
import io.github.springwolf.core.asyncapi.AsyncApiCustomizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Every message of the AsyncAPI document says what makes its record readable: the CloudEvents headers of the binary
 * mode ({@code docs/CONTRACT.md} §1), the four a consumer requires among them, the {@code ce_type} that names the
 * message's event (what tells apart the types that share a topic), and the record's key, the event's {@code userId}.
 * Springwolf gave every message its {@code HeadersNotDocumented} ("There can be headers, but they are not explicitly
 * documented") and no word of the key, so a producer that followed only this document (a billing system writing
 * {@code billing.orders}) sent plain JSON and had every record dead-lettered.
 */
public final class CloudEventMessages implements AsyncApiCustomizer {

    static final String HEADERS = "CloudEventHeaders";
    private static final String UNDOCUMENTED = "HeadersNotDocumented";

    @Override
    public void customize(AsyncAPI asyncApi) {
        if (asyncApi.getComponents() == null || asyncApi.getComponents().getMessages() == null) {
            return;
        }
        Map<String, SchemaObject> schemas = new TreeMap<>();
        if (asyncApi.getComponents().getSchemas() != null) {
            schemas.putAll(asyncApi.getComponents().getSchemas());
        }
        schemas.put(HEADERS, headers());
        for (Message each : asyncApi.getComponents().getMessages().values()) {
            // a dead letter has its own headers, whichever of the two customizers runs first
            if (each instanceof MessageObject message && !DeadLetterChannels.isDeadLetter(message)) {
                message.setHeaders(MessageHeaders.of(MessageReference.toSchema(HEADERS)));
                message.setDescription(described(message));
            }
        }
        schemas.remove(UNDOCUMENTED);
        asyncApi.getComponents().setSchemas(schemas);
    }

    /** The message's title is its event's simple name, which is its {@code ce_type} ({@code EventTypes}). */
    private static String described(MessageObject message) {
        String keyAndType = "A record whose key is the event's `userId`, its `" + CloudEventHeaders.TYPE + "` header `"
                + message.getTitle() + "` (binary mode; in structured mode `type` in the envelope), the event's data "
                + "as its value.";
        return message.getDescription() == null ? keyAndType : message.getDescription() + "\n\n" + keyAndType;
    }

    /** The binary mode's headers, as every producer of the services writes them and every consumer reads them. */
    static SchemaObject headers() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CloudEventHeaders.SPEC_VERSION, text("CloudEvents' version", null)
                .constValue(CloudEventHeaders.SPEC_VERSION_1_0).build());
        properties.put(CloudEventHeaders.ID, text("The event's id, unique per event: the consumers' idempotency key "
                + "(a UUID when a service writes it)", null).build());
        properties.put(CloudEventHeaders.SOURCE, text("Who wrote it, e.g. /order-service", null).build());
        properties.put(CloudEventHeaders.TYPE, text("The event's name, e.g. AuthOrdered: which of a topic's types "
                + "the value is", null).build());
        properties.put(CloudEventHeaders.TIME, text("When it happened (RFC 3339)", "date-time").build());
        properties.put(CloudEventHeaders.SUBJECT, text("The user it is about: the event's userId", null).build());
        properties.put(CloudEventHeaders.CONTENT_TYPE, text(CloudEventHeaders.JSON, null).build());
        properties.put(EventTracing.TRACEPARENT, text("W3C trace context of the transaction that wrote the event, "
                + "when it was traced (docs/CONTRACT.md, \"Events added to by hardening\")", null).build());
        return SchemaObject.builder().type("object").title(HEADERS)
                .description("The CloudEvents 1.0 Kafka binding's binary-mode headers (docs/CONTRACT.md §1), the "
                        + "mode every service writes. A binary-mode record without one of the required four is "
                        + "dead-lettered as unreadable. A structured-mode record (content-type "
                        + CloudEventHeaders.STRUCTURED_JSON + ", the envelope as its value, these headers in it) is "
                        + "read too.")
                .properties(properties)
                .required(List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                        CloudEventHeaders.SOURCE))
                .build();
    }

    private static SchemaObject.SchemaObjectBuilder text(String description, @Nullable String format) {
        SchemaObject.SchemaObjectBuilder builder = SchemaObject.builder().type("string").description(description);
        return format == null ? builder : builder.format(format);
    }
}

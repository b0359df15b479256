package io.extauth.messaging.consumer;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.messaging.MessageHeaders;

/**
 * The message spring-kafka wraps around each record on its way to a service's listener, without the record's Kafka
 * headers copied into it. The listeners take the {@link ConsumerRecord} itself and the kit reads the CloudEvents
 * headers from it, so mapping every header into the message (pattern checks, JSON type lookups, a map entry each)
 * was work nobody read: ~5% of the listener threads' CPU in a profile of the order path. The message still names
 * the topic, partition, offset and key, as spring-kafka's own converter does.
 */
public final class RecordMessages {

    private static final KafkaHeaderMapper NO_HEADERS = new KafkaHeaderMapper() {
        @Override
        public void fromHeaders(MessageHeaders headers, Headers target) {
        }

        @Override
        public void toHeaders(Headers source, Map<String, Object> target) {
        }
    };

    private RecordMessages() {
    }

    /** A batch converter whose records' messages carry no mapped Kafka headers. */
    public static BatchMessageConverter withoutMappedHeaders() {
        MessagingMessageConverter records = new MessagingMessageConverter();
        records.setHeaderMapper(NO_HEADERS);
        return new BatchMessagingMessageConverter(records);
    }
}

package io.extauth.messaging.consumer;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A module's share of its service's one listener ({@link ServiceListener}): the topics it reads, each with the method
 * that takes a record of it (which hands the record to {@link InboundEvents#process}). A bean of the service; no topic
 * may be read by two of them.
 */
public interface TopicListeners {

    /** What takes a record of one topic. */
    @FunctionalInterface
    interface RecordListener {
        void onRecord(ConsumerRecord<String, byte[]> record);
    }

    /** Topic → what takes its records. */
    Map<String, RecordListener> byTopic();
}

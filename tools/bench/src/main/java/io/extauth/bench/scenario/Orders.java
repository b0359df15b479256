package io.extauth.bench.scenario;

import tools.jackson.databind.ObjectMapper;
import io.extauth.contract.ContractJson;
import io.extauth.bench.kafka.CloudEventRecords;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The {@code OrderPlaced} records a billing system would publish for the benchmark's users. */
public final class Orders {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private Orders() {
    }

    public static OrderPlaced order(RunIds ids, String userId, boolean symantec) {
        return new OrderPlaced(ids.account(), userId, "order-" + userId, ids.email(userId),
                symantec ? "SYMANTEC_VIP" : "PHONEFACTOR", symantec ? ids.nextCredential() : null, null, true,
                "extauth-bench");
    }

    public static ProducerRecord<String, byte[]> record(OrderPlaced order) {
        return CloudEventRecords.binary(Topics.BILLING_ORDERS, order.eventType(), order.userId(),
                JSON.writeValueAsBytes(order));
    }
}

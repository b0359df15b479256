package io.extauth.localstack;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.ContractJson;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code billing-order}: publishes an {@code OrderPlaced} on {@code billing.orders} as an upstream billing system does. */
@Command(name = "billing-order", mixinStandardHelpOptions = true,
        header = "Publish an order on billing.orders, as a billing system does.",
        description = "Publish an OrderPlaced on billing.orders, as a billing system would (binary-mode CloudEvent).")
final class BillingOrderCommand implements Callable<Integer> {

    @Option(names = "--account", required = true, description = "The account (accountId).") String accountId;
    @Option(names = "--user", required = true, description = "The account user (userId, also the record key).")
    String userId;
    @Option(names = "--email", required = true, description = "Where the user's e-mails go.") String email;
    @Option(names = "--type", required = true, description = "PHONEFACTOR or SYMANTEC_VIP.") String type;
    @Option(names = "--credential", description = "The VIP credential ID (Symantec only), e.g. VSST12345678 (default: none).")
    @Nullable String credentialId;
    @Option(names = "--promo", description = "A promo code, e.g. WELCOME10 (default: none).") @Nullable String promoCode;
    @Option(names = "--order-id", description = "The billing system's order id (default: a new one).")
    @Nullable String orderId;
    @Option(names = "--no-msa", description = "Leave the MSA unacknowledged, to see a rejection (default: acknowledged).")
    boolean noMsa;
    @Option(names = "--bootstrap-servers", defaultValue = "${env:EXTAUTH_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "The stack's Kafka broker (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        String id = orderId != null ? orderId : "billing-" + UUID.randomUUID();
        OrderPlaced order = new OrderPlaced(accountId, userId, id, email, type, credentialId, promoCode, !noMsa,
                "billing-cli");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BILLING_ORDERS, userId,
                    ContractJson.mapper().writeValueAsBytes(order));
            header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
            header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
            header(record, CloudEventHeaders.SOURCE, "/billing-cli");
            header(record, CloudEventHeaders.TYPE, order.eventType());
            header(record, CloudEventHeaders.TIME, Instant.now().toString());
            header(record, CloudEventHeaders.SUBJECT, userId);
            header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            var sent = producer.send(record).get(15, TimeUnit.SECONDS);
            System.out.printf("published OrderPlaced %s for %s/%s on %s-%d@%d%n", id, accountId, userId, sent.topic(),
                    sent.partition(), sent.offset());
            return 0;
        } catch (Exception e) {
            System.err.println("could not publish to " + bootstrapServers + " (is ./extauth up running?): "
                    + e.getMessage());
            return 1;
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

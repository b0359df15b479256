package io.extauth.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Kafka client settings the kit relies on, as the lowest-priority defaults: string keys, raw values (the kit
 * reads CloudEvents itself, so a malformed record reaches the error handler instead of killing the consumer),
 * an idempotent producer that waits for all replicas and sends at once (no linger), consumers that start at the
 * beginning of a new group and whose partitions move to another member within seconds of a crash (10 s session, 3 s
 * heartbeat) and whose idle fetches wait a second at the broker, 25 ms between a listener's polls (what comes
 * meanwhile is one transaction), offsets committed once a second rather than after every poll, and one consumer per
 * service instance, which takes every partition the group gives that instance (each partition still has exactly one
 * consumer, so per-user order holds).
 * No broker address: a service that is not told where its brokers are refuses to start rather than join whatever
 * listens on localhost.
 */
public class KafkaDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.kafka.consumer.key-deserializer", StringDeserializer.class.getName());
        defaults.put("spring.kafka.consumer.value-deserializer", ByteArrayDeserializer.class.getName());
        defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        // a member that died without leaving (kill -9, lost host) holds its partitions until its session times out:
        // 10 s instead of Kafka's 45 s, three heartbeats per session; brokers accept it (group.min.session.timeout.ms
        // is 6 s by default) and a long pause of the listener is bounded by max.poll.interval.ms, not by this
        defaults.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
        defaults.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
        // an idle consumer's fetch is parked at the broker until this wait runs out (Kafka's 500 ms), and each empty
        // answer costs the consumer's loop, its heartbeat thread and the broker a round: a second halves that for the
        // stack's consumers at rest; a fetch still returns as soon as a record arrives, so no record waits for it.
        // What does wait: a retried record's fetch after the back-off (the parked fetch returns first), and a
        // consumer's close (up to the wait)
        defaults.put("spring.kafka.consumer.fetch-max-wait", "1s");
        defaults.put("spring.kafka.producer.key-serializer", StringSerializer.class.getName());
        defaults.put("spring.kafka.producer.value-serializer", ByteArraySerializer.class.getName());
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
        // the relay waits for the broker's answer to each round it sends, so a producer lingering for more records
        // only delays every hop (Kafka 4's default is 5 ms); a round's records still go out together
        defaults.put("spring.kafka.producer.properties.linger.ms", "0");
        defaults.put("spring.kafka.listener.missing-topics-fatal", "false");
        // a listener's offsets are committed at most once a second, not after every poll (a synchronous round trip
        // to the broker that was a tenth of the listeners' CPU under load): the inbox, not the offset, is what makes
        // an event's effect happen once, so a crash that loses up to a second of commits only redelivers events the
        // inbox already holds; a stop or a rebalance commits what was handled first, and a failed record's error
        // handling commits the offsets before it at once, as before
        defaults.put("spring.kafka.listener.ack-mode", "time");
        defaults.put("spring.kafka.listener.ack-time", "1s");
        // a consumer waits 25 ms before each poll, so the records that come meanwhile are handled in one transaction
        // (one inbox statement, one outbox statement, one commit), not one each: under load that is a tenth of
        // extauth's own CPU per workflow and of PostgreSQL's (docs/PERFORMANCE.md, fortieth pass). It costs a record
        // that comes during the wait up to 25 ms a hop. Event paths only: no request waits on a listener
        defaults.put("spring.kafka.listener.idle-between-polls", "25ms");
        // one consumer per service instance, holding every partition the group gives it: a poll brings the records
        // of all of them, so a service's events cost a third of the polls and transactions that a consumer per
        // partition (3) paid, and its consumers at rest a third of the fetches (docs/PERFORMANCE.md, forty-second
        // pass: extauth's own CPU per workflow -18 to -24%). Listeners do no vendor or SMTP work (the workers do),
        // only one transaction per poll, so one thread keeps up with a burst. The price: a record retried with
        // back-off (challenge-service's OrderNotYetSeen, a poison record before it is dead-lettered, ~35 s at most)
        // holds up every partition of that instance's service, not a third of them (while the database is
        // unavailable every record waits for it anyway, DeadLetters).
        // More instances share the partitions out; spring.kafka.listener.concurrency (at most the partition
        // count) gives each partition a consumer of its own again
        defaults.put("spring.kafka.listener.concurrency", "1");
        environment.getPropertySources().addLast(new MapPropertySource("extauth-kafka-defaults", defaults));
    }
}

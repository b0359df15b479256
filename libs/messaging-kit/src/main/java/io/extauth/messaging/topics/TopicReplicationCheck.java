package io.extauth.messaging.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the service is up, looks at the contract's topics as they exist on the cluster (created by the kit or by
 * whoever manages them) and warns about every topic that would stop taking writes, or could lose writes it
 * acknowledged, when one broker is lost ({@link UnderReplicatedTopic}). The findings stay available for the readiness
 * details.
 */
public class TopicReplicationCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(TopicReplicationCheck.class);

    private final Map<String, Object> adminSettings;
    private final Duration timeout;
    private volatile List<UnderReplicatedTopic> findings = List.of();
    /** See {@link #brokers()}. */
    private volatile int brokers;

    public TopicReplicationCheck(Map<String, Object> adminSettings, Duration timeout) {
        this.adminSettings = adminSettings;
        this.timeout = timeout;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        try {
            findings = check();
        } catch (Exception e) {
            log.warn("Could not check the replication of the contract's topics: {}", e.toString());
            return;
        }
        notice(findings, brokers).ifPresent(notice -> {
            if (notice.warning()) {
                log.warn(notice.text());
            } else {
                log.info(notice.text());
            }
        });
    }

    /** What the start-up log says about the findings. */
    record Notice(boolean warning, String text) {
    }

    /**
     * Nothing when every topic survives the loss of a broker. On a cluster of one broker, one short line at INFO: no
     * replication factor or in-sync minimum can help there, and every {@code ./extauth up} printed four warnings of ~1,500 characters
     * each (one per service) about what is expected on a local broker. On a larger cluster, a warning naming every
     * weak topic.
     */
    static Optional<Notice> notice(List<UnderReplicatedTopic> weak, int brokers) {
        if (weak.isEmpty()) {
            return Optional.empty();
        }
        if (brokers == 1) {
            return Optional.of(new Notice(false, weak.size() + " topic(s) have one replica on this single-broker "
                    + "cluster: fine for a local broker; on a cluster they would stop taking writes when one broker is "
                    + "lost (the readiness details list them)"));
        }
        return Optional.of(new Notice(true, weak.size() + " topic(s) do not survive the loss of one broker on this "
                + "cluster of " + brokers + " brokers: they stop taking writes (replication factor below "
                + "min.insync.replicas + 1) or lose writes one replica alone acknowledged (min.insync.replicas 1): "
                + weak));
    }

    /** The topics found under-replicated by the last check at start-up; empty before it ran or when all is well. */
    public List<UnderReplicatedTopic> findings() {
        return findings;
    }

    /**
     * How many brokers the cluster had at the last check (0 before it ran): the larger of the brokers alive and the
     * voters of its metadata quorum, so that a cluster of three with two brokers down is not taken for a local broker.
     */
    public int brokers() {
        return brokers;
    }

    private static int clusterSize(Admin admin, int millis) throws Exception {
        int alive = admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS).size();
        try {
            return Math.max(alive, admin.describeMetadataQuorum().quorumInfo().get(millis, TimeUnit.MILLISECONDS)
                    .voters().size());
        } catch (java.util.concurrent.ExecutionException e) {
            return alive; // no KRaft quorum to ask, or not allowed to: the brokers alive
        }
    }

    /** Asks the cluster now; topics that do not exist (yet) are left out. */
    public List<UnderReplicatedTopic> check() throws Exception {
        int millis = (int) timeout.toMillis();
        try (Admin admin = TopicAdmin.open(adminSettings, timeout)) {
            brokers = clusterSize(admin, millis);
            Map<String, Integer> replicas = new LinkedHashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic
                    : admin.describeTopics(ContractTopics.names()).topicNameValues().entrySet()) {
                try {
                    TopicDescription description = topic.getValue().get(millis, TimeUnit.MILLISECONDS);
                    replicas.put(topic.getKey(), description.partitions().stream()
                            .mapToInt(p -> p.replicas().size()).min().orElse(0));
                } catch (java.util.concurrent.ExecutionException e) {
                    // not there: created later by the kit or by whoever manages topics
                }
            }
            Map<String, Integer> minInsync = new LinkedHashMap<>();
            List<ConfigResource> resources = replicas.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            for (Map.Entry<ConfigResource, Config> config
                    : admin.describeConfigs(resources).all().get(millis, TimeUnit.MILLISECONDS).entrySet()) {
                var entry = config.getValue().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                if (entry != null && entry.value() != null) {
                    minInsync.put(config.getKey().name(), Integer.parseInt(entry.value()));
                }
            }
            return UnderReplicatedTopic.among(replicas, minInsync);
        }
    }
}

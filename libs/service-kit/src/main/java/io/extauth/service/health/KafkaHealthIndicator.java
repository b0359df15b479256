package io.extauth.service.health;

import io.extauth.messaging.topics.TopicReplicationCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The broker as readiness sees it: UP when the cluster answers within the timeout, DOWN otherwise, so a service that
 * cannot publish or consume is taken out of rotation instead of accepting work it can only queue. Topics that would
 * stop taking writes with one broker lost are shown as a detail (still UP: they work today).
 */
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Map<String, Object> adminSettings;
    private final Duration timeout;
    private final TopicReplicationCheck replication;
    private @Nullable Admin admin;

    KafkaHealthIndicator(Map<String, Object> adminSettings, Duration timeout, TopicReplicationCheck replication) {
        super("Kafka health check failed");
        this.adminSettings = adminSettings;
        this.timeout = timeout;
        this.replication = replication;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin().describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .withDetail("brokers", brokers);
        if (!replication.findings().isEmpty()) {
            builder.withDetail("underReplicatedTopics", replication.findings().stream().map(Object::toString).toList());
        }
    }

    // one client for the life of the service: a probe every few seconds must not open a connection each time
    private synchronized Admin admin() {
        if (admin == null) {
            Properties settings = new Properties();
            settings.putAll(adminSettings);
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(settings);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}

package io.extauth.chaos.fault;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;

/** Which broker process leads the KRaft controller quorum: {@code kafka-N} runs node N. */
public final class Brokers {

    private Brokers() {
    }

    public static int controllerLeader(String bootstrapServers) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS);
            return quorum.leaderId();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describeMetadataQuorum failed on " + bootstrapServers + ": " + e, e);
        }
    }

    public static String process(int nodeId) {
        return "kafka-" + nodeId;
    }

    /** A broker that does not lead the quorum, so that killing it is a different fault from killing the leader. */
    public static String follower(int leaderId) {
        return process(leaderId == 1 ? 2 : 1);
    }
}

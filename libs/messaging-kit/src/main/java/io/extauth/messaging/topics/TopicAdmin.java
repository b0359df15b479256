package io.extauth.messaging.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A short-lived admin client for one look at the cluster, every request and call bounded by {@code timeout}. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** The client, on the service's admin settings; the caller closes it. */
    public static Admin open(Map<String, Object> adminSettings, Duration timeout) {
        Properties settings = new Properties();
        settings.putAll(adminSettings);
        int millis = (int) timeout.toMillis();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        return Admin.create(settings);
    }
}

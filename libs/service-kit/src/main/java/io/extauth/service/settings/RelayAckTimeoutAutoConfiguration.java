package io.extauth.service.settings;

import io.extauth.messaging.MessagingAutoConfiguration;
import io.extauth.messaging.MessagingProperties;
import io.extauth.messaging.outbox.OutboxRelay;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks the outbox relay's ack timeout against the database's bound on an idle transaction at start, before the
 * relay's first round ({@link RelayAckTimeoutCheck}).
 */
@AutoConfiguration(after = MessagingAutoConfiguration.class)
@ConditionalOnBean(OutboxRelay.class)
public class RelayAckTimeoutAutoConfiguration {

    @Bean
    RelayAckTimeoutCheck extauthRelayAckTimeoutCheck(JdbcTemplate jdbc, MessagingProperties properties) {
        return new RelayAckTimeoutCheck(jdbc, properties.relayAckTimeout());
    }
}

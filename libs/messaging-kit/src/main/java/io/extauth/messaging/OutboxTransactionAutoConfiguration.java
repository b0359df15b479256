package io.extauth.messaging;

import io.extauth.messaging.outbox.OutboxCommitTransactionManager;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionManager;

/**
 * The service's transaction manager in place of Boot's: the same {@link JdbcTransactionManager} with Boot's
 * customizers ({@code spring.transaction.*}), whose commit also writes the transaction's outbox rows
 * ({@link OutboxCommitTransactionManager}). A service that declares its own transaction manager keeps it; its outbox
 * rows are then written just before each commit.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = DataSourceTransactionManagerAutoConfiguration.class)
public class OutboxTransactionAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnMissingBean(TransactionManager.class)
    JdbcTransactionManager transactionManager(DataSource dataSource,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        OutboxCommitTransactionManager manager = new OutboxCommitTransactionManager(dataSource);
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }
}

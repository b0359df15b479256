package io.extauth.service.database;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * With the services' channel sockets to PostgreSQL ({@link ChannelSocketFactory}, unless
 * {@code extauth.database.channel-sockets=false}), every data source is seen through an
 * {@link InterruptedCallerGuard}.
 */
@AutoConfiguration
@ConditionalOnClass(DelegatingDataSource.class)
@ConditionalOnProperty(name = "extauth.database.channel-sockets", havingValue = "true", matchIfMissing = true)
public class DatabaseAutoConfiguration {

    @Bean
    static BeanPostProcessor interruptedCallerGuard() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource pool && !(bean instanceof InterruptedCallerGuard)
                        ? new InterruptedCallerGuard(pool) : bean;
            }
        };
    }
}

package io.extauth.service.settings;

import io.extauth.messaging.MessagingAutoConfiguration;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service that has no key to check bearer tokens with. Without it Spring would fail later with "no
 * JwtDecoder bean", which does not tell an operator what to set; there is deliberately no default location, since a
 * key file that happens to lie in the working directory is not a decision anyone made. Likewise a service on the
 * messaging kit needs its database and its brokers named: no embedded database, no localhost broker by default.
 */
@AutoConfiguration
public class RequiredSettingsAutoConfiguration {

    public static final String TOKEN_KEY = "spring.security.oauth2.resourceserver.jwt.public-key-location";
    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";
    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    public static final String DATASOURCE = "spring.datasource.url";
    public static final String BROKERS = "spring.kafka.bootstrap-servers";

    // static and a factory post-processor: it runs before any bean is created, so this is the first failure reported
    @Bean
    static BeanFactoryPostProcessor extauthTokenKeyRequired() {
        return new TokenKeyRequired();
    }

    private static final class TokenKeyRequired implements BeanFactoryPostProcessor, EnvironmentAware {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(
                org.springframework.beans.factory.config.ConfigurableListableBeanFactory beanFactory) {
            // the services check tokens against one RSA public key (TokenValidation): a key set or an issuer's
            // discovery document named beside it was ignored, so a key withdrawn from the set stayed trusted, and
            // named alone it failed later saying the key location was missing
            for (String ignored : new String[] {JWK_SET, ISSUER}) {
                if (!isBlank(ignored)) {
                    throw new InvalidSettingException(ignored, "is not supported: the services check bearer tokens "
                            + "against the one RSA public key at " + TOKEN_KEY + " (RS256), and would ignore it. "
                            + "Unset it and give the public key's location; to rotate the key, roll it out to "
                            + "every instance.");
                }
            }
            if (isBlank(TOKEN_KEY)) {
                throw new InvalidSettingException(TOKEN_KEY, "is not set: bearer tokens cannot be checked. Give the "
                        + "location of the issuer's RSA public key (PEM), e.g. file:/etc/extauth/jwt-public.pem.");
            }
            // the messaging kit's tables and topics are the service's state: an application that excludes the kit
            // (the vendor simulator on a service's classpath) has neither
            if (beanFactory.containsBeanDefinition(MessagingAutoConfiguration.class.getName())) {
                if (isBlank(DATASOURCE)) {
                    throw new InvalidSettingException(DATASOURCE, "is not set: the service keeps its state and its "
                            + "outbox in PostgreSQL. Give its JDBC URL, e.g. jdbc:postgresql://db:5432/extauth, with "
                            + "spring.datasource.username and spring.datasource.password.");
                }
                if (isBlank(BROKERS)) {
                    throw new InvalidSettingException(BROKERS, "is not set: the service publishes and reads its "
                            + "events on Kafka. Give the brokers' host:port list, e.g. kafka-1:9092,kafka-2:9092.");
                }
            }
        }

        private boolean isBlank(String property) {
            String value = environment.getProperty(property);
            return value == null || value.isBlank();
        }
    }
}

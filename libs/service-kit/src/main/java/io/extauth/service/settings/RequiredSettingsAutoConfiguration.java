package io.extauth.service.settings;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service that has no key to check bearer tokens with. Without it Spring would fail later with "no
 * JwtDecoder bean", which does not tell an operator what to set; there is deliberately no default location, since a
 * key file that happens to lie in the working directory is not a decision anyone made.
 */
@AutoConfiguration
public class RequiredSettingsAutoConfiguration {

    public static final String TOKEN_KEY = "spring.security.oauth2.resourceserver.jwt.public-key-location";
    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";
    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

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
            if (isBlank(TOKEN_KEY) && isBlank(JWK_SET) && isBlank(ISSUER)) {
                throw new InvalidSettingException(TOKEN_KEY, "is not set: bearer tokens cannot be checked. Give the "
                        + "location of the issuer's RSA public key (PEM), e.g. file:/etc/extauth/jwt-public.pem, or "
                        + "set " + JWK_SET + ".");
            }
        }

        private boolean isBlank(String property) {
            String value = environment.getProperty(property);
            return value == null || value.isBlank();
        }
    }
}

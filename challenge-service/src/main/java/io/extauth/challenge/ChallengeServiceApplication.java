package io.extauth.challenge;

import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.lifecycle.UserLifecycle;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** challenge-service: the per-user lifecycle, activation, challenges and lockouts. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@PropertySource("classpath:challenge-service.properties")
public class ChallengeServiceApplication {

    /** The lifecycle with the configured strike threshold: the machine is built once and shared. */
    @Bean
    UserLifecycle userLifecycle(LockoutProperties lockout) {
        return UserLifecycle.withStrikeLimit(lockout.maxFailures());
    }

    public static void main(String[] args) {
        SpringApplication.run(ChallengeServiceApplication.class, args);
    }
}

package io.extauth.simulator;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/** Runs the vendor simulator: {@code ./mvnw -pl dev/vendor-simulator spring-boot:run}, then open /swagger-ui.html. */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:vendor-simulator.properties")
public class VendorSimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(VendorSimulatorApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

package io.extauth.provisioning;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/** provisioning-service: provisions and deprovisions at the vendors. */
@SpringBootApplication
@PropertySource("classpath:provisioning-service.properties")
public class ProvisioningServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProvisioningServiceApplication.class, args);
    }
}

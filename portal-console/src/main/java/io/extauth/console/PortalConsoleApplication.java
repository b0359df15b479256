package io.extauth.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The portal console. Its defaults live in {@code portal-console.properties} (a {@code @PropertySource}, not
 * {@code application.properties}, so it can share a JVM with the services in the local stack).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:portal-console.properties")
public class PortalConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortalConsoleApplication.class, args);
    }
}

package io.extauth.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/** notification-service: e-mail over SMTP for provisioning, activation and lockouts. */
@SpringBootApplication
@PropertySource("classpath:notification-service.properties")
public class NotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}

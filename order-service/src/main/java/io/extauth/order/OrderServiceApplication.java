package io.extauth.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/** order-service: order intake from the portal and billing, validation, pricing and order status. */
@SpringBootApplication
@PropertySource("classpath:order-service.properties")
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}

package io.extauth.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/** notification-service: e-mail over SMTP for provisioning, activation and lockouts. */
@SpringBootApplication
@PropertySource("classpath:notification-service.properties")
public class NotificationServiceApplication {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail otherwise looks its stream provider up through ServiceLoader for every MIME part, which in a
        // fat jar walks the nested jars: 40% of the stack's CPU per e-mail in the benchmark's profile. Naming the
        // provider (the one the classpath has anyway) makes the lookup a property read. Set early: it is JVM-wide.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}

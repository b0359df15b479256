package io.extauth.notification.mail.adapter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * E-mail settings of extauth ({@code extauth.mail.*}); the SMTP server itself is {@code spring.mail.*}.
 *
 * @param from the sender of every e-mail
 */
@ConfigurationProperties("extauth.mail")
record MailProperties(@DefaultValue("extauth <no-reply@extauth.local>") String from) {
}

package io.extauth.notification.mail.adapter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings of the {@link MailWorker} (it polls on its own timer, no Spring scheduler) and the mail settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class WorkerConfiguration {
}

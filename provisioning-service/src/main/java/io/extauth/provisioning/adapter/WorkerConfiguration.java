package io.extauth.provisioning.adapter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings of the {@link ProvisioningWorker} (it polls on its own timer, no Spring scheduler) and its settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningProperties.class)
class WorkerConfiguration {
}

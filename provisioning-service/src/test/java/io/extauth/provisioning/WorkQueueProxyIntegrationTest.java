package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/** The worker's queue is called as it is: no proxy between the worker and its table, and its errors still Spring's. */
class WorkQueueProxyIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void theProvisioningWorkersQueueIsCalledWithoutAProxy() {
        Object queue = ((ListableBeanFactory) beans).getBean("provisioningRecords");

        assertThat(AopUtils.isAopProxy(queue)).as("a proxy around " + queue.getClass()).isFalse();
    }
}

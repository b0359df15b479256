package io.extauth.simulator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.simulator.SimulatorProperties;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class CallbackSenderUnitTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aCallbackIsPostedOnTheCallersThreadAndStartsNoThreadOfItsOwn() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            CallbackSender sender = new CallbackSender(new ObjectMapper(),
                    new SimulatorProperties(new SimulatorProperties.Vip("seed"), SECRET, Duration.ofSeconds(5), null),
                    new CallbackRetryProperties(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10)));
            try {
                for (int i = 0; i < 5; i++) {
                    sender.deliver(receiver.url(), Callback.call("warm-up-" + i, "ref", "ANSWERED", "#"), null);
                }
                long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

                for (int i = 0; i < 50; i++) {
                    sender.deliver(receiver.url(), Callback.call("call-" + i, "ref", "ANSWERED", "#"), null);
                }

                assertThat(receiver.received()).hasSize(55);
                // through Spring's JdkClientHttpRequestFactory each callback started two: a body writer and a
                // completion thread
                assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before).isLessThan(10);
            } finally {
                sender.destroy();
            }
        }
    }
}

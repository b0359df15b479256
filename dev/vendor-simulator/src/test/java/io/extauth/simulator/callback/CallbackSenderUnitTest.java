package io.extauth.simulator.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.simulator.SimulatorProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

class CallbackSenderUnitTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aCallbackIsPostedOnTheCallersThreadAndStartsNoThreadOfItsOwn() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            CallbackSender sender = sender(Duration.ofSeconds(5));
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

    /**
     * Without the cut the attempt would wait as long as the receiver trickles: for ever (the test's timeout, on a
     * thread of its own: a blocking read ignores an interrupt).
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anAttemptIsCutOnceTheCallbackTimeoutHasPassedHoweverSlowlyTheReceiverAnswers() throws Exception {
        try (TricklingReceiver receiver = new TricklingReceiver()) {
            CallbackSender sender = sender(Duration.ofSeconds(1));
            try {
                // a byte every 200 ms: no single wait for the receiver reaches the timeout
                sender.deliver(receiver.url(), Callback.call("call-slow", "ref", "ANSWERED", "#"), null);

                // not refused: the user's action stands and the callback is delivered again in the background
                await().atMost(Duration.ofSeconds(20)).untilTrue(receiver.cutByTheSender);
            } finally {
                sender.destroy();
            }
        }
    }

    @Test
    void neitherTheBodyNorTheSignatureOfACallbackReachesTheLogWhateverTheHttpClientsLevel() throws Exception {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger apache = logback.getLogger("org.apache.hc");
        Level before = apache.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        apache.addAppender(log);
        apache.setLevel(Level.TRACE);
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            CallbackSender sender = sender(Duration.ofSeconds(5));
            try {
                sender.deliver(receiver.url(), Callback.call("call-keyed", "ref", "ANSWERED", "918273#"), null);
            } finally {
                sender.destroy();
            }
            assertThat(new String(receiver.received().get(0).body(), StandardCharsets.UTF_8)).contains("918273#");
            String signature = receiver.received().get(0).signature();
            List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

            assertThat(lines).as("the HTTP client logged at TRACE (else this test proves nothing)")
                    .anySatisfy(line -> assertThat(line).contains("/callbacks"));
            assertThat(lines).noneSatisfy(line -> assertThat(line).containsAnyOf("918273", signature));
        } finally {
            apache.detachAppender(log);
            apache.setLevel(before);
        }
    }

    private static CallbackSender sender(Duration timeout) {
        return new CallbackSender(new ObjectMapper(),
                new SimulatorProperties(new SimulatorProperties.Vip("seed"), SECRET, timeout, null),
                new CallbackRetryProperties(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10)));
    }

    /** Reads a request, then answers a byte at a time, every 200 ms, until the other side closes the connection. */
    private static final class TricklingReceiver implements AutoCloseable {

        final AtomicBoolean cutByTheSender = new AtomicBoolean();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::answerSlowly, "trickling-receiver");

        TricklingReceiver() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/callbacks";
        }

        private void answerSlowly() {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[8192]);
                OutputStream out = socket.getOutputStream();
                byte[] head = "HTTP/1.1 204 No Content\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; ; i++) {
                    out.write(i < head.length ? head[i] : 'a');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                cutByTheSender.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            thread.interrupt();
            server.close();
        }
    }
}

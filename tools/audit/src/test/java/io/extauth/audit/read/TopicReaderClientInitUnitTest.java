package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/**
 * The Kafka client's first-use work started ahead ({@link TopicReader#initializeClientAhead}) and the read: the read
 * makes its consumer only once that work has ended, so no class of the client is initialized by the work and the read
 * at once, and what the work failed with is what the read throws. The work started ahead is static (one per process, as
 * {@code main} starts it): each test takes what it started, and the module's test classes run one at a time.
 */
class TopicReaderClientInitUnitTest {

    @Test
    void aReadMakesItsConsumerOnlyOnceTheInitializationStartedAheadHasEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TopicReader.initializeClientAhead(() -> awaitQuietly(release));
            TopicReader reader = new TopicReader("127.0.0.1:" + broker.getLocalPort(), Duration.ofSeconds(2));
            CompletableFuture<ReadHistory> read = readOnAThreadOfItsOwn(reader);

            // while the initialization runs, nothing connects (a consumer made at once would, within a second)
            broker.setSoTimeout(3_000);
            assertThatThrownBy(broker::accept).isInstanceOf(SocketTimeoutException.class);

            release.countDown();
            broker.setSoTimeout(15_000);
            try (Socket consumer = broker.accept()) {
                assertThat(consumer.isConnected()).isTrue();
            }
            // the stand-in answers nothing: the read gives up as with any broker that does not answer
            assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    BrokerUnreachableException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void whatTheInitializationFailedWithIsWhatTheReadThrows() throws Exception {
        IllegalStateException failure = new IllegalStateException("the client's tables could not be made");
        TopicReader.initializeClientAhead(() -> {
            throw failure;
        });

        CompletableFuture<ReadHistory> read = readOnAThreadOfItsOwn(
                new TopicReader("127.0.0.1:1", Duration.ofSeconds(2)));

        assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(failure);
    }

    @Test
    void aKafkaFailureOfTheInitializationIsReportedAsTheConsumersWouldBe() throws Exception {
        TopicReader.initializeClientAhead(() -> {
            throw new KafkaException("no such config");
        });

        CompletableFuture<ReadHistory> read = readOnAThreadOfItsOwn(
                new TopicReader("127.0.0.1:1", Duration.ofSeconds(2)));

        assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("no such config");
    }

    private static CompletableFuture<ReadHistory> readOnAThreadOfItsOwn(TopicReader reader) {
        CompletableFuture<ReadHistory> read = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                read.complete(reader.read(null, Progress.none()));
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
        }, "test-read");
        thread.setDaemon(true);
        thread.start();
        return read;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafka.server.KafkaConfig;

/** Nothing is started: the configuration the local stack's broker would run with, as Kafka reads it. */
class KafkaBrokerConfigUnitTest {

    @TempDir
    Path data;

    @Test
    void theLogCleanerKeepsAnEightMebibyteDedupeBufferOnTheHeapNotKafkasDefaultOf128() {
        KafkaConfig config = new KafkaConfig(new KafkaBroker(data, 0, 0).config(), false);

        assertThat(config.getLong("log.cleaner.dedupe.buffer.size")).isEqualTo(8L * 1024 * 1024);
    }
}

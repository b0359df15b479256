package io.extauth.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * {@code auth.email-sent} carries {@code EmailSent} and {@code EmailWithdrawn}: the bench's and the chaos tool's tails
 * of it count only e-mails sent, by the record's {@code ce_type}.
 */
class TopicTailUnitTest {

    @Test
    void aTailForSomeTypesTakesOnlyRecordsOfThoseTypesAndOneForNoneTakesEvery() {
        Set<String> sent = Set.of("EmailSent");

        assertThat(TopicTail.ofType(typed("EmailSent"), sent)).isTrue();
        assertThat(TopicTail.ofType(typed("EmailWithdrawn"), sent)).isFalse();
        assertThat(TopicTail.ofType(new RecordHeaders(), sent)).as("no ce_type").isFalse();
        assertThat(TopicTail.ofType(typed("EmailWithdrawn"), Set.of())).isTrue();
        assertThat(TopicTail.ofType(new RecordHeaders(), Set.of())).isTrue();
    }

    private static RecordHeaders typed(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

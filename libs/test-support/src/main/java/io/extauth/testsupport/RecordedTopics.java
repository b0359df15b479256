package io.extauth.testsupport;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A {@link TopicRecorder} for one test class on the broker of its Spring test context ({@code @EmbeddedKafka}): opened
 * before the class's first test, so it sees every record the tests cause, and closed after its last. Register it as
 * {@code @RegisterExtension static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(...)}.
 */
public final class RecordedTopics implements BeforeAllCallback, AfterAllCallback {

    private final List<String> topics;
    private @Nullable TopicRecorder recorder;

    private RecordedTopics(List<String> topics) {
        this.topics = topics;
    }

    public static RecordedTopics onEmbeddedKafka(String... topics) {
        return new RecordedTopics(List.of(topics));
    }

    /** What the topics carried since the class started. */
    public TopicRecorder recorder() {
        if (recorder == null) {
            throw new IllegalStateException("RecordedTopics " + topics + " is used outside its test class: register it "
                    + "with @RegisterExtension on a static field");
        }
        return recorder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedKafkaBroker broker = SpringExtension.getApplicationContext(context).getBean(EmbeddedKafkaBroker.class);
        recorder = new TopicRecorder(broker.getBrokersAsString(), topics);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (recorder != null) {
            recorder.close();
            recorder = null;
        }
    }
}

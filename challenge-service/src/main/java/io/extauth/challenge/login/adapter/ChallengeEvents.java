package io.extauth.challenge.login.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import org.springframework.stereotype.Component;

/** The events of login challenges, through the outbox of the caller's transaction. */
@Component
class ChallengeEvents {

    private final Outbox outbox;

    ChallengeEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_ISSUED,
            payloadType = ChallengeIssued.class, description = "A login challenge went out by the user's method"))
    @KafkaAsyncOperationBinding
    void issued(ChallengeIssued event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_RESULT,
            payloadType = ChallengeResult.class, description = "How a challenge was decided, with strikes and lock"))
    @KafkaAsyncOperationBinding
    void result(ChallengeResult event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_RESULT,
            payloadType = FraudReported.class, description = "The user reported a challenge as fraud and is blocked"))
    @KafkaAsyncOperationBinding
    void fraudReported(FraudReported event) {
        outbox.publish(event);
    }
}

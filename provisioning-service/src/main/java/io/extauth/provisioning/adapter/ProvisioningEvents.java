package io.extauth.provisioning.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import org.springframework.stereotype.Component;

/** What provisioning tells the others, through the outbox (atomically with the change it is about). */
@Component
class ProvisioningEvents {

    private final Outbox outbox;

    ProvisioningEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "The vendor set the user up; keyed by userId"))
    @KafkaAsyncOperationBinding
    void provisioned(Provisioned event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED,
            payloadType = ProvisioningFailed.class, description = "The vendor refused for good, with its reason"))
    @KafkaAsyncOperationBinding
    void failed(ProvisioningFailed event) {
        outbox.publish(event);
    }

    /** {@link #provisioned(Provisioned)}, stored in one statement with the change it is about, if that changed a row. */
    boolean provisioned(Change settled, Provisioned event) {
        return outbox.changeAndPublish(settled, event);
    }

    /** {@link #failed(ProvisioningFailed)}, stored in one statement with the change it is about, if that changed a row. */
    boolean failed(Change settled, ProvisioningFailed event) {
        return outbox.changeAndPublish(settled, event);
    }
}

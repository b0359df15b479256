package io.extauth.challenge.factor.adapter;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.Unlocked;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The events of users' factors ({@code auth.activated}), through the outbox of the caller's transaction. The
 * {@link io.extauth.challenge.factor.UserFactor} raises {@code Activated}, {@code Unlocked} and {@code Deactivated};
 * {@link FactorTransitions} hands them here by {@link #publish}. Phone activation raises {@code FactorSettingsChanged}.
 */
@Component
public class FactorEvents {

    private final Outbox outbox;
    private final ApplicationEventPublisher local;

    FactorEvents(Outbox outbox, ApplicationEventPublisher local) {
        this.outbox = outbox;
        this.local = local;
    }

    /** A transition's event, to its pass-through; an event without one would be undocumented, so it is refused. */
    void publish(ExtauthEvent event) {
        if (event instanceof Activated activated) {
            activated(activated);
        } else if (event instanceof Unlocked unlocked) {
            unlocked(unlocked);
        } else if (event instanceof Deactivated deactivated) {
            deactivated(deactivated);
        } else if (event instanceof FactorSettingsChanged changed) {
            settingsChanged(changed);
        } else {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " is no event of a user's factor");
        }
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "The user's factor is active"))
    void activated(Activated event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED,
            payloadType = FactorSettingsChanged.class, description = "An active user's PhoneFactor settings changed: "
                    + "saved by the user, a new phone verified, or the PIN reset by an admin"))
    void settingsChanged(FactorSettingsChanged event) {
        outbox.publish(event);
    }

    /**
     * A settings change of an active factor, made by an admin of the account ({@code byAdmin}) or the user: its event,
     * and {@link FactorReachChanged} when it changes how the factor reaches or checks the user.
     */
    public void settingsChanged(FactorSettingsChanged event, boolean byAdmin) {
        settingsChanged(event);
        if (event.changes() != null && FactorReachChanged.reaches(event.changes())) {
            local.publishEvent(new FactorReachChanged(event.accountId(), event.userId(), event.at(),
                    FactorReachChanged.endsProofs(event.changes(), byAdmin)));
        }
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Unlocked.class,
            description = "A lock ended, by the timer or an admin"))
    void unlocked(Unlocked event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "An admin switched the factor off"))
    void deactivated(Deactivated event) {
        outbox.publish(event);
    }
}

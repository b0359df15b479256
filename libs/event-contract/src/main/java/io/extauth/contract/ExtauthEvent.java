package io.extauth.contract;

/** An event of the public contract: every one names the account and the user it is about. */
public interface ExtauthEvent {

    String accountId();

    String userId();

    /** The CloudEvents {@code type}: the event's name in the contract. */
    default String eventType() {
        return getClass().getSimpleName();
    }
}

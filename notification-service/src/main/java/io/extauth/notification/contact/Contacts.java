package io.extauth.notification.contact;

import java.util.Optional;

/** The contacts kept so far. */
public interface Contacts {

    /** Keeps the contact of an order; an order seen before keeps its first contact. */
    void keep(Contact contact);

    Optional<Contact> ofOrder(String orderId);

    /** The contact of the user's latest order. */
    Optional<Contact> latestOf(String accountId, String userId);
}

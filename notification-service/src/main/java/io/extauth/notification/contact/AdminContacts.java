package io.extauth.notification.contact;

import java.util.List;

/** Each account's admin contacts: whom to tell when a user of the account reports fraud. */
public interface AdminContacts {

    /** Replaces the account's list; addresses kept from the old list keep when they were added. */
    void replace(String accountId, List<String> emails);

    /** The account's admin addresses, oldest first; empty when none is configured. */
    List<AdminContact> of(String accountId);
}

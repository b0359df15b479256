package io.extauth.notification.contact.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.notification.contact.AdminContact;
import io.extauth.notification.contact.adapter.AdminContactController.AdminContactsRequest;
import io.extauth.notification.contact.adapter.AdminContactController.AdminContactsView;
import io.extauth.notification.contact.adapter.AdminContactController.AdminContactsView.Entry;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring MVC logs the admin contacts it read and wrote at DEBUG by their {@code toString()}: the clear addresses must
 * not be in it.
 */
class AdminContactRecordsUnitTest {

    private static final Instant ADDED = Instant.parse("2027-03-01T09:00:00Z");

    @Test
    void theRequestPrintsHowManyEntriesItHasNotTheirAddresses() {
        AdminContactsRequest request = new AdminContactsRequest(Arrays.asList("it-admin@example.com",
                "x@example.org, jane.doe@example.com", null));

        assertThat(request.toString()).isEqualTo("AdminContactsRequest[3 entries]")
                .doesNotContain("it-admin", "jane.doe", "example");
        assertThat(new AdminContactsRequest(null).toString()).isEqualTo("AdminContactsRequest[no list]");
    }

    @Test
    void anEntryPrintsItsAddressMasked() {
        Entry entry = new Entry("it-admin@example.com", ADDED);

        assertThat(entry.toString()).doesNotContain("it-admin@example.com").contains("i***@example.com");
    }

    @Test
    void theViewPrintsItsAddressesMasked() {
        AdminContactsView view = AdminContactsView.of("acct-1234", List.of(
                new AdminContact("acct-1234", "it-admin@example.com", ADDED),
                new AdminContact("acct-1234", "jane.doe@example.com", ADDED)));

        assertThat(view.toString()).doesNotContain("it-admin@example.com", "jane.doe@example.com")
                .contains("acct-1234", "i***@example.com", "j***@example.com");
    }
}

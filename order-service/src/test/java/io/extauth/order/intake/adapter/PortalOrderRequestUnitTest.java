package io.extauth.order.intake.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.order.intake.adapter.OrderController.PortalOrderRequest;
import org.junit.jupiter.api.Test;

/** Spring MVC logs the order it read at DEBUG by its {@code toString()}: the user's address must not be in it. */
class PortalOrderRequestUnitTest {

    @Test
    void theUsersAddressIsMaskedWhenTheRequestIsPrinted() {
        PortalOrderRequest request = new PortalOrderRequest("acct-1234", "jane.doe", "jane.doe@example.com",
                "PHONEFACTOR", null, "WELCOME10", true, null);

        assertThat(request.toString()).doesNotContain("jane.doe@example.com")
                .contains("acct-1234/jane.doe", "j***@example.com");
    }

    @Test
    void somethingSentAsTheAddressThatIsNoAddressIsNotPrintedAtAll() {
        PortalOrderRequest request = new PortalOrderRequest("acct-1234", "jane.doe",
                "x@example.org, jane.doe@example.com", "PHONEFACTOR", null, null, true, null);

        assertThat(request.toString()).doesNotContain("jane.doe@example.com", "example.org");
    }
}

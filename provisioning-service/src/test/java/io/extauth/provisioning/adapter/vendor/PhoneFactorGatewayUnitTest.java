package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneFactorGatewayUnitTest {

    @Test
    void theCreateUserBodyAsTheHttpClientLogsItHasNoEmailAddress() {
        PhoneFactorGateway.CreateUser body = new PhoneFactorGateway.CreateUser("order-1", "acct-1", "user-1",
                "jane@example.com");

        assertThat(body.toString()).contains("order-1", "acct-1/user-1").doesNotContain("jane", "example.com");
    }
}

package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * ExtauthVendorFailureRate divides the increase() of each factor type's failed provisionings by that of all its
 * provisionings: the counters are exported from the start, so a vendor's first refusal is a rise from 0, not a
 * series that appears at 1 and that increase() does not see.
 */
class ProvisioningCountersIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void eachFactorsProvisionedAndFailedCountersAreExportedBeforeTheirFirstEvent() {
        String scraped = scrape();

        for (String factor : new String[] {"PHONEFACTOR", "SYMANTEC_VIP"}) {
            for (String type : new String[] {"Provisioned", "ProvisioningFailed"}) {
                assertThat(scraped).as(type + " of " + factor).containsPattern(Pattern.compile(
                        "extauth_events_published_total\\{(?=[^}]*type=\"" + type + "\")(?=[^}]*factor=\"" + factor
                                + "\")[^}]*} [0-9]"));
            }
        }
    }

    private String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }
}

package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.telephony.adapter.TelephonyProperties;
import io.extauth.challenge.telephony.adapter.TelephonyTimeouts;
import io.extauth.challenge.vip.adapter.VipProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Issue 12: the vendors are configured under their own names ({@code extauth.vendors.*}), not the simulator's. */
class VendorSettingsUnitTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @EnableConfigurationProperties({TelephonyProperties.class, TelephonyTimeouts.class, VipProperties.class})
    static class Settings {
    }

    @Test
    void phoneFactorAndSymantecVipAreEachSetUnderExtauthVendors() {
        service.withPropertyValues(
                "extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.phonefactor.read-timeout=9s",
                "extauth.vendors.symantec-vip.base-url=http://vip.example",
                "extauth.vendors.symantec-vip.connect-timeout=1s").run(context -> {
            assertThat(context.getBean(TelephonyProperties.class).baseUrl()).isEqualTo("http://phonefactor.example");
            assertThat(context.getBean(TelephonyProperties.class).callbackSecret()).isEqualTo(SECRET);
            assertThat(context.getBean(TelephonyTimeouts.class).readTimeout()).isEqualTo(Duration.ofSeconds(9));
            assertThat(context.getBean(VipProperties.class).baseUrl()).isEqualTo("http://vip.example");
            assertThat(context.getBean(VipProperties.class).connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void withoutWhereTheVendorsAreTheServiceRefusesToStartAndNamesTheSetting() {
        service.withPropertyValues("extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.symantec-vip.base-url=http://vip.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("extauth.vendors.phonefactor.base-url is not set"));
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("extauth.vendors.symantec-vip.base-url is not set"));
    }
}

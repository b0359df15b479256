package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.links.adapter.PlainHttpCheck;
import io.extauth.challenge.telephony.adapter.CallbackUrlProperties;
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
            .withUserConfiguration(Settings.class, PlainHttpCheck.class);

    @EnableConfigurationProperties({TelephonyProperties.class, TelephonyTimeouts.class, VipProperties.class,
            CallbackUrlProperties.class})
    static class Settings {
    }

    @Test
    void phoneFactorAndSymantecVipAreEachSetUnderExtauthVendors() {
        service.withPropertyValues(
                "extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.phonefactor.read-timeout=9s",
                "extauth.vendors.symantec-vip.base-url=http://vip.example",
                "extauth.vendors.symantec-vip.connect-timeout=1s",
                // plain http to hosts off this one: example names only
                "extauth.vendors.allow-plain-http=true").run(context -> {
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

    @Test
    void aVendorOrTheCallbackOverPlainHttpOffThisHostIsRefusedUnlessTheOperatorAllowsIt() {
        ApplicationContextRunner https = service.withPropertyValues(
                "extauth.vendors.phonefactor.base-url=https://phonefactor.example",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.symantec-vip.base-url=https://vip.example",
                "extauth.callbacks.base-url=https://extauth.example");
        https.run(context -> assertThat(context).hasNotFailed());
        https.withPropertyValues("extauth.vendors.symantec-vip.base-url=http://vip-egress.corp:8080").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "extauth.vendors.symantec-vip.base-url is plain http:// to vip-egress.corp")
                        .hasMessageContaining("extauth.vendors.allow-plain-http=true"));
        https.withPropertyValues("extauth.vendors.phonefactor.base-url=http://phonefactor.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "extauth.vendors.phonefactor.base-url is plain http:// to phonefactor.example"));
        https.withPropertyValues("extauth.callbacks.base-url=http://challenge.corp:8083").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "extauth.callbacks.base-url is plain http:// to challenge.corp"));
        https.withPropertyValues("extauth.vendors.phonefactor.base-url=http://simulator:8089",
                "extauth.vendors.symantec-vip.base-url=http://simulator:8089",
                "extauth.callbacks.base-url=http://callback-front:8080",
                "extauth.vendors.allow-plain-http=true").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theLocalStacksLoopbackLinksAndTheDefaultCallbackStart() {
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://127.0.0.1:18089",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.symantec-vip.base-url=http://localhost:18089").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CallbackUrlProperties.class).baseUrl()).isEqualTo("http://127.0.0.1:8083");
        });
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://[::1]:18089",
                "extauth.vendors.phonefactor.callback-secret=" + SECRET,
                "extauth.vendors.symantec-vip.base-url=http://127.0.0.1:18089",
                "extauth.callbacks.base-url=http://127.0.0.1:${local.server.port}")
                .run(context -> assertThat(context).hasNotFailed());
    }
}

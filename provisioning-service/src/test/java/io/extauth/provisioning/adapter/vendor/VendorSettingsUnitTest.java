package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

class VendorSettingsUnitTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withUserConfiguration(VendorClientConfiguration.class)
            .withBean(RestClient.Builder.class, RestClient::builder);

    @Test
    void eachVendorIsConfiguredUnderItsOwnNameBelowExtauthVendors() {
        service.withPropertyValues(
                "extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.phonefactor.read-timeout=7s",
                "extauth.vendors.symantec-vip.base-url=http://vip.example",
                "extauth.vendors.symantec-vip.connect-timeout=3s",
                // plain http to hosts off this one: example names only
                "extauth.vendors.allow-plain-http=true").run(context -> {
            VendorProperties vendors = context.getBean(VendorProperties.class);
            assertThat(vendors.phonefactor().baseUrl()).isEqualTo(URI.create("http://phonefactor.example"));
            assertThat(vendors.phonefactor().readTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(vendors.symantecVip().baseUrl()).isEqualTo(URI.create("http://vip.example"));
            assertThat(vendors.symantecVip().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(context).hasSingleBean(PhoneFactorGateway.class).hasSingleBean(SymantecVipGateway.class);
        });
    }

    @Test
    void theSimulatorNamedSettingNoLongerMovesAVendorAndWithoutTheVendorsNamedTheServiceRefusesToStart() {
        service.withPropertyValues("extauth.simulator.base-url=http://old.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("extauth.vendors.phonefactor.base-url is not set"));
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.allow-plain-http=true").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("extauth.vendors.symantec-vip.base-url is not set"));
    }

    @Test
    void aVendorOverPlainHttpOffThisHostIsRefusedUnlessTheOperatorAllowsIt() {
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=https://phonefactor.example",
                "extauth.vendors.symantec-vip.base-url=http://vip-egress.corp:8080").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "extauth.vendors.symantec-vip.base-url is plain http:// to vip-egress.corp")
                        .hasMessageContaining("extauth.vendors.allow-plain-http=true"));
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://phonefactor.example",
                "extauth.vendors.symantec-vip.base-url=https://vip.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "extauth.vendors.phonefactor.base-url is plain http:// to phonefactor.example"));
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://127.0.0.1:18089",
                "extauth.vendors.symantec-vip.base-url=http://[::1]:18089").run(context ->
                assertThat(context).hasNotFailed());
        service.withPropertyValues("extauth.vendors.phonefactor.base-url=http://simulator:8089",
                "extauth.vendors.symantec-vip.base-url=http://simulator:8089",
                "extauth.vendors.allow-plain-http=true").run(context -> assertThat(context).hasNotFailed());
    }
}

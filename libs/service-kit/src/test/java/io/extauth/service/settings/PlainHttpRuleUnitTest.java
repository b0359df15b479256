package io.extauth.service.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Review (plain-text links): a vendor's base URL or the callback URL was accepted as plain http:// to any host, so
 * anyone on the path to VIP could answer {"valid":true} and read the PINs and codes of the callbacks.
 */
class PlainHttpRuleUnitTest {

    private static final String PROPERTY = "extauth.vendors.symantec-vip.base-url";

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8089", "http://127.5.6.7/api", "HTTP://LOCALHOST:8083",
            "http://localhost", "http://[::1]:8089", "http://[0:0:0:0:0:0:0:1]/", "http://user:pw@127.0.0.1:1",
            "http://127.0.0.1:${local.server.port}", "http://localhost?x=1", "http://[::ffff:127.0.0.1]:8083/",
            "http://[::FFFF:127.1.2.3]"})
    void plainHttpToThisHostIsAccepted(String url) {
        assertThatNoException().isThrownBy(() -> PlainHttpRule.require(PROPERTY, url, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://vip-egress.corp:8080", "http://10.0.0.5", "http://simulator:8089",
            "http://127.0.0.1.evil.example/", "http://localhost.evil.example", "http://127.0.0.1@vip.example",
            "http://[::2]:80", "http://[::ffff:10.0.0.1]/", "http://[::ffff:127.0.0.256]/", "http://128.0.0.1",
            "http://127.0.0.256", "http://[::ffff:::1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:0:127.0.0.1]/",
            "http://${vip.host}:8080"})
    void plainHttpToAnyOtherHostIsRefusedWithTheSettingAndTheWayOut(String url) {
        assertThatThrownBy(() -> PlainHttpRule.require(PROPERTY, url, false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(PROPERTY + " is plain http:// to ")
                .hasMessageContaining("https://", PlainHttpRule.ALLOW_PLAIN_HTTP + "=true");
    }

    @Test
    void theMessageNamesTheHostButNotAPasswordInTheUrl() {
        assertThatThrownBy(() -> PlainHttpRule.require(PROPERTY, "http://ops:s3cret@vip-egress.corp:8080/x", false))
                .hasMessageStartingWith(PROPERTY + " is plain http:// to vip-egress.corp,")
                .message().doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://vip.example.com", "HTTPS://vip-egress.corp:8443/api", "https://10.0.0.5"})
    void httpsToAnyHostIsAccepted(String url) {
        assertThatNoException().isThrownBy(() -> PlainHttpRule.require(PROPERTY, url, false));
    }

    @Test
    void theOperatorMayAllowPlainHttpOffTheHost() {
        assertThatNoException().isThrownBy(() -> PlainHttpRule.require(PROPERTY, "http://simulator:8089", true));
        assertThat(PlainHttpRule.ALLOW_PLAIN_HTTP).isEqualTo("extauth.vendors.allow-plain-http");
    }
}

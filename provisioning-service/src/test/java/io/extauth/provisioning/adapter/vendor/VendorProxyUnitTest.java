package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy of a vendor's address is the JVM's selector's answer, asked once when the client is built. */
class VendorProxyUnitTest {

    private static final Proxy CORPORATE = new Proxy(Proxy.Type.HTTP,
            InetSocketAddress.createUnresolved("proxy.example.com", 3128));

    @Test
    void aVendorTheSelectorSendsThroughAProxyIsCalledThroughThatProxy() {
        assertThat(VendorClientConfiguration.proxyOf(selector(List.of(CORPORATE)),
                URI.create("https://phonefactor.example.com"))).isEqualTo(CORPORATE);
    }

    @Test
    void aVendorTheSelectorReachesDirectlyIsCalledWithoutProxy() {
        assertThat(VendorClientConfiguration.proxyOf(selector(List.of(Proxy.NO_PROXY)),
                URI.create("http://127.0.0.1:8089"))).isEqualTo(Proxy.NO_PROXY);
        assertThat(VendorClientConfiguration.proxyOf(null, URI.create("http://127.0.0.1:8089")))
                .isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void theJvmsDefaultSelectorWithoutProxySettingsReachesTheLocalSimulatorDirectly() {
        assertThat(VendorClientConfiguration.proxyOf(ProxySelector.getDefault(), URI.create("http://127.0.0.1:8089")))
                .isEqualTo(Proxy.NO_PROXY);
    }

    private static ProxySelector selector(List<Proxy> answer) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return answer;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
    }
}

package io.extauth.simulator.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.extauth.simulator.state.StatePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningStoresUnitTest {

    @TempDir
    Path directory;

    @Test
    void anIdempotencyKeyReplaysItsFirstVendorRefAfterARestart() {
        Path file = directory.resolve("state.json");
        PhoneFactorUser jane = new PhoneFactorUser("key-1", "acct-1", "jane", "jane@example.com");
        Registration first = new PhoneFactorUsers(new StatePersistence(file)).register(jane);

        PhoneFactorUsers restarted = new PhoneFactorUsers(new StatePersistence(file));
        Registration replay = restarted.register(jane);

        assertThat(replay).isEqualTo(new Registration(first.vendorRef(), false));
        assertThat(restarted.find(first.vendorRef())).contains(jane);
    }

    @Test
    void aVipCredentialStaysBoundToItsUserAcrossARestart() {
        Path file = directory.resolve("state.json");
        new VipCredentials(new StatePersistence(file))
                .bind(new VipCredential("key-1", "VSST12345678", "acct-1", "jane"));

        VipCredentials restarted = new VipCredentials(new StatePersistence(file));

        assertThat(restarted.bind(new VipCredential("key-2", "VSST12345678", "acct-1", "joe")))
                .isInstanceOf(BindOutcome.BoundElsewhere.class);
        assertThat(restarted.find("VSST12345678")).get().extracting(binding -> binding.credential().userId())
                .isEqualTo("jane");
    }
}

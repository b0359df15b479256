package io.extauth.simulator.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.extauth.simulator.state.StatePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VipCredentialsUnitTest {

    @TempDir
    Path directory;

    @Test
    void aRemovalThatNamesAnotherUserLeavesTheCredentialBoundToItsUser() {
        VipCredentials credentials = new VipCredentials(new StatePersistence(directory.resolve("state.json")));
        credentials.bind(new VipCredential("key-2", "VSST12345678", "acct-1", "joe"));

        UnbindOutcome outcome = credentials.unbind("VSST12345678", "acct-1", "jane");

        assertThat(outcome).isEqualTo(UnbindOutcome.BOUND_ELSEWHERE);
        assertThat(credentials.find("VSST12345678")).get().extracting(binding -> binding.credential().userId())
                .isEqualTo("joe");
    }

    @Test
    void aRemovalThatNamesTheUserOfAnotherAccountLeavesTheCredentialBound() {
        VipCredentials credentials = new VipCredentials(new StatePersistence(directory.resolve("state.json")));
        credentials.bind(new VipCredential("key-2", "VSST12345678", "acct-2", "jane"));

        assertThat(credentials.unbind("VSST12345678", "acct-1", "jane")).isEqualTo(UnbindOutcome.BOUND_ELSEWHERE);
        assertThat(credentials.find("VSST12345678")).isPresent();
    }

    @Test
    void aRemovalThatNamesItsUserFreesTheCredentialAndARepeatedOneFindsNothing() {
        VipCredentials credentials = new VipCredentials(new StatePersistence(directory.resolve("state.json")));
        credentials.bind(new VipCredential("key-1", "VSST12345678", "acct-1", "jane"));

        assertThat(credentials.unbind("VSST12345678", "acct-1", "jane")).isEqualTo(UnbindOutcome.UNBOUND);
        assertThat(credentials.unbind("VSST12345678", "acct-1", "jane")).isEqualTo(UnbindOutcome.NOT_BOUND);
        assertThat(credentials.find("VSST12345678")).isEmpty();
    }
}

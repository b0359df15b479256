package io.extauth.simulator.vip.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.extauth.testclock.MutableClock;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.vip.CodeCheck;
import io.extauth.simulator.vip.VipTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VipTokenStateUnitTest {

    private static final String CREDENTIAL = "VSST12345678";

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2025-01-01T00:00:10Z"));

    @Test
    void aCodeUsedBeforeARestartIsStillUsedAfterItAndTheCodeItselfIsNotWritten() throws Exception {
        Path file = directory.resolve("state.json");
        VipTokens before = new VipTokens("test-seed", clock);
        VipTokenState state = new VipTokenState(before, new StatePersistence(file));
        String code = before.currentCode(CREDENTIAL).code();
        assertThat(before.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.ACCEPTED);
        state.codeAccepted();

        VipTokens after = new VipTokens("test-seed", clock);
        new VipTokenState(after, new StatePersistence(file));

        assertThat(after.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.CODE_ALREADY_USED);
        assertThat(Files.readString(file)).contains(CREDENTIAL).doesNotContain(code);
    }
}

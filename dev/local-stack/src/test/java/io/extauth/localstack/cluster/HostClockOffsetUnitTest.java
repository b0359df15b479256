package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster start --host-clock-offset}: the forms it takes, the environment it gives, what it refuses. */
class HostClockOffsetUnitTest {

    @TempDir
    Path dir;

    @Test
    void secondsMinutesAndHoursAheadOrBehindBecomeLibfaketimesSecondsWithTheMonotonicClockLeftAlone()
            throws IOException {
        Path library = elf("libfaketime.so.1");
        List<Path> places = List.of(dir.resolve("absent.so"), library);

        assertThat(HostClockOffset.parse("-45s", null, places).env()).containsEntry("FAKETIME", "-45")
                .containsEntry("LD_PRELOAD", library.toString()).containsEntry("DONT_FAKE_MONOTONIC", "1");
        assertThat(HostClockOffset.parse("+2m", null, places).seconds()).isEqualTo(120);
        assertThat(HostClockOffset.parse("1h", null, places).env()).containsEntry("FAKETIME", "+3600");
        assertThat(HostClockOffset.parse(" 30 ", null, places).seconds()).isEqualTo(30);
    }

    @Test
    void theLibraryNamedByTheSettingComesFirst() throws IOException {
        Path named = elf("mine.so");
        Path other = elf("other.so");

        assertThat(HostClockOffset.parse("-1s", named.toString(), List.of(other)).library()).isEqualTo(named);
    }

    @Test
    void withoutTheLibraryItSaysHowToGetIt() throws IOException {
        assertThatThrownBy(() -> HostClockOffset.parse("-45s", null, List.of(dir.resolve("absent.so"))))
                .hasMessageContaining("apt-get install libfaketime").hasMessageContaining("EXTAUTH_LIBFAKETIME");
        assertThatThrownBy(() -> HostClockOffset.parse("-45s", dir.resolve("gone.so").toString(), List.of()))
                .hasMessageContaining("is not a readable ELF file");
        Path text = Files.writeString(dir.resolve("notes.so"), "not a library");
        assertThatThrownBy(() -> HostClockOffset.parse("-45s", text.toString(), List.of()))
                .as("the loader would ignore it and the instance run on the right clock")
                .hasMessageContaining("is not a readable ELF file");
    }

    @Test
    void aFormItDoesNotKnowIsRefusedWithExamples() {
        assertThatThrownBy(() -> HostClockOffset.parse("45 minutes", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. -45s, +2m, 1h");
        assertThatThrownBy(() -> HostClockOffset.parse("-2d", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path elf(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    }
}

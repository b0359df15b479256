package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeBlocksUnitTest {

    @TempDir
    Path directory;

    @Test
    void everyBashBlockOfTheFileIsReadInOrderWithTheTextBlockRightAfterItAndShBlocksAreLeftOut() throws Exception {
        Path readme = directory.resolve("README.md");
        Files.writeString(readme, String.join("\n", "## Start", "```sh", "./extauth up", "```",
                "## Walk", "text", "```bash", "echo a", "echo b", "```", "", "```text", "a", "```",
                "```bash", "true", "```", "para", "```text", "not attached", "```", "## Next", "```bash", "echo c", "```"));

        ReadmeBlocks blocks = ReadmeBlocks.of(readme);

        assertThat(blocks.blocks()).extracting(ReadmeBlocks.Block::bash, ReadmeBlocks.Block::expected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("echo a\necho b", List.of("a")),
                        org.assertj.core.groups.Tuple.tuple("true", List.of()),
                        org.assertj.core.groups.Tuple.tuple("echo c", List.of()));
    }

    @Test
    void expectedLinesMustAppearInOrderWithDotsStandingForWhatVaries() {
        List<String> output = List.of("noise", "{\"orderId\":\"1c\",\"status\":\"ACCEPTED\"} 202", "more");

        assertThat(ReadmeBlocks.missing(List.of("{\"orderId\":\"...\",\"status\":\"ACCEPTED\"} 202"), output)).isEmpty();
        assertThat(ReadmeBlocks.missing(List.of("{\"orderId\":\"...\",\"status\":\"ACCEPTED\"} 200"), output))
                .contains("{\"orderId\":\"...\",\"status\":\"ACCEPTED\"} 200");
        assertThat(ReadmeBlocks.missing(List.of("more", "noise"), output)).contains("noise");
        assertThat(ReadmeBlocks.missing(List.of("a.b"), List.of("axb"))).contains("a.b");
    }

    @Test
    void everyReadmeOfTheRepositoryWithABashBlockIsPastedByTheWalkthroughTest() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<String> withBashBlocks;
        withBashBlocks = CheckoutFiles.under(root).stream()
                .filter(file -> file.getFileName().toString().equals("README.md"))
                .filter(file -> !root.relativize(file).toString().matches("(.*/)?(target|node_modules|\\..*)/.*"))
                .filter(file -> lines(file).contains("```bash"))
                .map(file -> root.relativize(file).toString())
                .toList();

        assertThat(ReadmeWalkthroughEndToEndTest.READMES).containsExactlyInAnyOrderElementsOf(withBashBlocks);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pastes every README's shell blocks into bash, block by block and in order, against one stack of its own on free
 * ports, and fails when a block prints something else than the README shows under it ({@link ReadmeBlocks} has the
 * convention). Each README is pasted into a bash of its own, as a reader would in a new terminal, one after the other
 * in the order of {@link #READMES} on the same stack. {@code ./extauth} is this module's CLI on the test classpath; the
 * README's fixed ports are rewritten to the stack's.
 */
class ReadmeWalkthroughEndToEndTest {

    /**
     * Every README with a {@code bash} block ({@code ReadmeBlocksUnitTest} keeps this list complete), in the order they
     * are pasted: the simulator's last, since its reset forgets every call and credential of the stack.
     */
    static final List<String> READMES = List.of("README.md", "challenge-service/README.md",
            "order-service/README.md", "notification-service/README.md", "provisioning-service/README.md",
            "tools/audit/README.md", "dev/vendor-simulator/README.md");

    private static final String END_OF_BLOCK = "@@end-of-block@@";

    @TempDir
    static Path home;

    @TempDir
    static Path workDir;

    private static LocalStack stack;
    private static StackSettings settings;

    @BeforeAll
    static void startTheStack() {
        settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2);
        stack = new LocalStack(settings);
        stack.start(System.out::println);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static List<String> readmes() {
        return READMES;
    }

    @ParameterizedTest(name = "every block of {0} prints what it shows")
    @MethodSource("readmes")
    void everyBlockOfTheReadmePrintsWhatItShows(String readme) throws Exception {
        check(ReadmeBlocks.of(Path.of("../..", readme)));
    }

    private void check(ReadmeBlocks readme) throws Exception {
        assertThat(readme.blocks()).isNotEmpty();

        List<List<String>> outputs = run(readme.blocks());

        List<String> differences = new ArrayList<>();
        for (int i = 0; i < readme.blocks().size(); i++) {
            ReadmeBlocks.Block block = readme.blocks().get(i);
            List<String> output = i < outputs.size() ? outputs.get(i) : List.of("(the walk-through stopped before)");
            Optional<String> missing = ReadmeBlocks.missing(block.expected(), output);
            if (missing.isPresent()) {
                differences.add(readme.file() + " line " + block.line() + ": the README shows\n    " + missing.get()
                        + "\nbut the block printed\n    " + String.join("\n    ", output));
            }
        }
        assertThat(differences).as("blocks of the walk-through that print something else than the README shows")
                .isEmpty();
    }

    /** One bash for all blocks, so that variables and functions carry over as in a terminal; output per block. */
    private List<List<String>> run(List<ReadmeBlocks.Block> blocks) throws Exception {
        Path extauth = workDir.resolve("extauth");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(extauth, "#!/usr/bin/env bash\nexec '" + java + "' -Xmx256m -XX:+UseSerialGC "
                + "-XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' io.extauth.localstack.ExtauthCli \"$@\"\n");
        Files.setPosixFilePermissions(extauth, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder script = new StringBuilder("exec 2>&1\n");
        for (ReadmeBlocks.Block block : blocks) {
            script.append(withStackPorts(block.bash())).append("\necho ").append(END_OF_BLOCK).append('\n');
        }
        Path file = Files.createTempFile(workDir, "walkthrough", ".sh");
        Files.writeString(file, script);
        Path printed = Files.createTempFile(workDir, "walkthrough", ".out");
        ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(printed.toFile());
        bash.environment().putAll(Map.of(
                "EXTAUTH_HOME", home.toString(),
                "EXTAUTH_KEYS_DIR", settings.keysDir().toString(),
                "EXTAUTH_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.kafkaPort(),
                "EXTAUTH_MAIL_API_PORT", String.valueOf(settings.mailApiPort()),
                "EXTAUTH_ORDER_PORT", String.valueOf(settings.orderPort()),
                "EXTAUTH_CHALLENGE_PORT", String.valueOf(settings.challengePort()),
                "EXTAUTH_NOTIFICATION_PORT", String.valueOf(settings.notificationPort())));
        Process process = bash.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(printed, StandardCharsets.UTF_8);
        System.out.println(output);
        List<List<String>> outputs = new ArrayList<>();
        for (String part : output.split(END_OF_BLOCK + "\n", -1)) {
            outputs.add(part.lines().toList());
        }
        return outputs;
    }

    private static String withStackPorts(String bash) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        ports.put(8081, settings.orderPort());
        ports.put(8082, settings.provisioningPort());
        ports.put(8083, settings.challengePort());
        ports.put(8084, settings.notificationPort());
        ports.put(8089, settings.simulatorPort());
        ports.put(8025, settings.mailApiPort());
        ports.put(9092, settings.kafkaPort());
        String rewritten = bash;
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            rewritten = rewritten.replace("127.0.0.1:" + port.getKey(), "127.0.0.1:" + port.getValue());
        }
        return rewritten;
    }
}

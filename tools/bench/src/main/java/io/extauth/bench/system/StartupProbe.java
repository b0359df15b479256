package io.extauth.bench.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures {@code ./extauth up} by starting a second, throwaway stack: the local-stack jar with a fresh temporary
 * {@code --home} (empty data: first-start formatting included) and free ports, so it never meets the stack under test.
 * It waits for the "ready in N s" line, then stops the stack (SIGTERM runs its shutdown hook) and deletes the home.
 */
public final class StartupProbe {

    static final Pattern READY = Pattern.compile("ready in ([0-9.]+) s");
    private static final List<String> PORT_OPTIONS = List.of("--kafka-port", "--kafka-controller-port",
            "--postgres-port", "--smtp-port", "--mail-api-port", "--simulator-port", "--order-port",
            "--provisioning-port", "--challenge-port", "--notification-port");

    private StartupProbe() {
    }

    public static Startup measure(Path stackJar, String javaOptions, long timeoutSeconds) throws InterruptedException {
        Path home = temporaryHome();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-jar", stackJar.toString(), "up", "--home", home.toString()));
        for (String option : PORT_OPTIONS) {
            command.add(option);
            command.add(String.valueOf(freePort()));
        }
        long spawned = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + stackJar, e);
        }
        Double ready = null;
        double wall = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = spawned + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            String line;
            while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                Double seconds = readySeconds(line);
                if (seconds != null) {
                    ready = seconds;
                    wall = (System.nanoTime() - spawned) / 1e9;
                    break;
                }
            }
        } catch (IOException e) {
            // the process died: reported below as "did not become ready"
        } finally {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteQuietly(home);
        }
        String how = "a throwaway stack (java " + javaOptions + " -jar " + stackJar.getFileName()
                + " up) on a fresh --home and free ports, started and stopped by the benchmark";
        if (ready == null) {
            return new Startup(null, null, "did not print 'ready in' within " + timeoutSeconds + " s: " + how);
        }
        return new Startup(ready, wall, how);
    }

    public static @org.jspecify.annotations.Nullable Double readySeconds(String line) {
        Matcher matcher = READY.matcher(line);
        return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
    }

    private static Path temporaryHome() {
        try {
            return Files.createTempDirectory("extauth-startup-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}

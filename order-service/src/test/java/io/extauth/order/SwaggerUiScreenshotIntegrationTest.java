package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Swagger UI as a browser shows it, without a token: Debian's headless Chromium loads the page, runs its scripts
 * (which fetch the OpenAPI document) and hands back the DOM it built and a screenshot (target/swagger-ui.png).
 * Where no Chromium is installed (a developer's laptop) the test skips with one line; CI installs it (.ci/run).
 */
class SwaggerUiScreenshotIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @LocalServerPort
    private int port;

    @BeforeAll
    void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium): "
                + "the Swagger UI screenshot test is skipped");
    }

    @Test
    void swaggerUiRendersTheDocumentWithAnAuthorizeButtonWithoutAToken() throws Exception {
        String dom = chromium("--dump-dom");

        assertThat(dom).contains("extauth order-service", "Authorize", "/api/orders", "/api/orders/{orderId}/cancel");
        assertThat(dom).doesNotContain("Failed to load API definition");
    }

    @Test
    void swaggerUiScreenshotIsAPicture() throws Exception {
        Path screenshot = Path.of("target", "swagger-ui.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium("--screenshot=" + screenshot, "--window-size=1280,1600");

        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        // a blank page of this size compresses to a few KB; the rendered UI with its operations is far larger
        assertThat(png.length).isGreaterThan(40_000);
    }

    private String chromium(String... what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                // the UI fetches the document with scripts: give them (virtual) time before the DOM is taken
                "--virtual-time-budget=15000"));
        command.addAll(List.of(what));
        command.add("http://127.0.0.1:" + port + "/swagger-ui/index.html");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}

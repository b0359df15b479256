package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The help page "Setting up two-factor authentication" in a real browser (Debian's Chromium, headless) against the
 * whole stack: an admin orders PhoneFactor, the e-mail arrives, the user verifies a phone (the simulator answers),
 * picks a PIN method and a PIN, sets Active, signs in, fails five times and reads until when they are locked out.
 * Screenshots of each screen go to {@code target/screenshots}.
 */
class PortalConsoleBrowserEndToEndTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String ACCOUNT = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * One success and five failures are six calls: more than the five a user, and a number, may get in ten minutes by
     * default. The services read system properties below their command-line arguments, so this raises both.
     */
    private static final String CALLS_PER_USER = "extauth.contacts.challenges.per-user";
    private static final String CALLS_PER_NUMBER = "extauth.contacts.challenges.per-destination";

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSettings settings;
    private static StackClient client;
    private static WebDriver browser;
    private static String console;

    @BeforeAll
    static void startTheStackAndTheBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, "
                        + "/usr/bin/chromedriver): apt-get install -y chromium chromium-driver");
        System.setProperty(CALLS_PER_USER, "20");
        System.setProperty(CALLS_PER_NUMBER, "20");
        settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2, StackSettings.LOOPBACK, Ports.resolve(0));
        stack = new LocalStack(settings);
        stack.start(System.out::println);
        client = new StackClient(settings);
        console = "http://127.0.0.1:" + settings.consolePort();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopTheBrowserAndTheStack() {
        System.clearProperty(CALLS_PER_USER);
        System.clearProperty(CALLS_PER_NUMBER);
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aNewUserDoesTheWholeHelpPageInABrowserFromTheOrderToTheLockoutMessage() throws IOException {
        try {
            walkThroughTheHelpPage();
        } catch (RuntimeException | AssertionError e) {
            // what the browser showed when it went wrong, next to the screenshots
            screenshot("failure");
            Files.writeString(SCREENSHOTS.resolve("failure.html"), browser.getPageSource());
            throw e;
        }
    }

    /**
     * The console in the stack's shared JVM is configured as its own file says, not by the services' defaults that
     * share its classpath: no actuator endpoint, and the session only in its cookie.
     */
    @Test
    void theStacksConsoleShowsNoActuatorAndKeepsItsSessionOutOfItsUrls() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(console + "/actuator/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(console + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("kind=admin&accountId=" + ACCOUNT + "&name=ada")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).as("the services' actuator settings do not reach the console")
                .isNotEqualTo(200);
        assertThat(metrics.body()).doesNotContain("jvm.memory");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/users").doesNotContainIgnoringCase("jsessionid"));
        assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
    }

    private void walkThroughTheHelpPage() {
        String userId = "carol-" + UUID.randomUUID().toString().substring(0, 6);
        String phone = "201555" + (1000 + ThreadLocalRandom.current().nextInt(9000));

        // an admin signs in (dev-only) and orders PhoneFactor; the form shows every problem next to its field first
        signIn("admin", "admin");
        screenshot("sign-in-done");
        open("/orders/new");
        type("userId", userId);
        type("email", "not-an-email");
        click(By.cssSelector("form[action='/orders'] button[type=submit]"));
        assertThat(text(By.id("email-error"))).isNotBlank();
        assertThat(text(By.id("msaAcknowledged-error"))).isNotBlank();
        screenshot("order-errors");
        type("email", userId + "@example.com");
        type("promoCode", "WELCOME10");
        click(By.id("msaAcknowledged"));
        click(By.cssSelector("form[action='/orders'] button[type=submit]"));
        assertThat(text(By.cssSelector(".notice.ok"))).contains("placed for " + userId);

        // the order is provisioned and the e-mail sent: the user's page shows both
        waitUntilReloaded("/users/" + userId, () -> text(By.id("main")).contains("SENT")
                && text(By.cssSelector("h1 .badge")).equals("provisioned"));
        screenshot("user-provisioned");

        // the user opens PhoneFactor settings and verifies the primary phone: the simulator answers with #
        signIn("user", userId);
        open("/users/" + userId + "/phonefactor");
        assertThat(browser.findElement(By.id("pin")).isDisplayed()).as("no PIN for the standard call").isFalse();
        type("cc-PRIMARY", "1");
        type("number-PRIMARY", phone);
        click(By.id("verify-button-PRIMARY"));
        waitFor(By.cssSelector("#verify-PRIMARY"), "Calling");
        screenshot("phonefactor-calling");
        client.answerTheRingingCall("+1" + phone, "#");
        waitFor(By.cssSelector("#verify-PRIMARY"), "Verified.");

        // phone call with PIN: the PIN field appears; a PIN, status Active, save
        click(By.cssSelector("input[name=method][value=PHONE_CALL_PIN]"));
        assertThat(browser.findElement(By.id("pin")).isDisplayed()).as("the PIN field for a PIN method").isTrue();
        type("pin", "4831");
        click(By.cssSelector("input[name=status][value=ACTIVE]"));
        screenshot("phonefactor-settings");
        click(By.cssSelector("form[action$='/phonefactor/settings'] button[type=submit]"));
        assertThat(text(By.cssSelector(".notice.ok"))).contains("PhoneFactor is active");

        // a portal sign-in: the phone rings, the PIN and # pass it
        open("/users/" + userId + "/login");
        signInToThePortal(phone, "4831#");
        waitFor(By.cssSelector("#challenge .headline"), "Signed in");
        screenshot("login-signed-in");

        // five wrong PINs: four failures, then the lockout with until when
        for (int attempt = 1; attempt <= 4; attempt++) {
            signInToThePortal(phone, "1111#");
            waitFor(By.cssSelector("#challenge .headline"), "Not signed in");
            assertThat(text(By.cssSelector("#challenge .detail"))).contains(attempt + " unsuccessful attempt");
        }
        signInToThePortal(phone, "1111#");
        waitFor(By.cssSelector("#challenge .headline"), "You are locked out");
        assertThat(text(By.cssSelector("#challenge .detail"))).contains("locked until").contains("UTC");
        screenshot("login-locked-out");

        // asking again while locked: 423, the same message, no call
        WebElement before = browser.findElement(By.cssSelector("#challenge .headline"));
        click(By.cssSelector("input[value=PORTAL] + button"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(before));
        waitFor(By.cssSelector("#challenge .headline"), "You are locked out");
        assertThat(client.send("GET", client.simulator("/telephony/calls?status=RINGING&to=%2B1" + phone), null, null,
                200)).as("no call while locked").isEmpty();

        // the admin sees it at a glance
        signIn("admin", "admin");
        open("/users");
        assertThat(text(By.cssSelector("table.list"))).contains(userId).contains("locked until");
        screenshot("users-locked");
        browser.manage().window().setSize(new Dimension(390, 844));
        open("/users/" + userId);
        screenshot("user-phone-width");
        browser.manage().window().setSize(new Dimension(1200, 1000));
    }

    private void signInToThePortal(String phone, String keys) {
        click(By.cssSelector("input[value=PORTAL] + button"));
        waitFor(By.cssSelector("#challenge"), "waiting for the answer");
        client.answerTheRingingCall("+1" + phone, keys);
    }

    private void signIn(String kind, String name) {
        open("/sign-in");
        click(By.cssSelector("input[name=kind][value=" + kind + "]"));
        type("accountId", ACCOUNT);
        type("name", name);
        click(By.cssSelector("form[action='/sign-in'] button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.not(
                ExpectedConditions.urlContains("/sign-in")));
    }

    private void open(String path) {
        browser.get(console + path);
    }

    private void type(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private void click(By by) {
        browser.findElement(by).click();
    }

    /**
     * The element's text once it is there: a form's submit returns before the next page has loaded, and an element
     * found while the page is being replaced goes stale before its text is read (CI saw that), so both are looked
     * up again until they hold.
     */
    private String text(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(by).getText());
    }

    private void waitFor(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(by,
                text));
    }

    private void waitUntilReloaded(String path, java.util.function.BooleanSupplier shown) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500)).until(driver -> {
            open(path);
            return shown.getAsBoolean();
        });
    }

    private void screenshot(String name) {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lagoa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lagoa.dist.LagoaProcesses.Result;
import java.io.File;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser, Debian's Chromium driven by Selenium, on the demo's workspace: every page loads
 * without a console error and draws its charts and graphs, the lineage leads from the Gold aggregate to the Bronze
 * datasets, search finds the FX-risk aggregate, the IBOV dashboard shows PETR4's weight, and a cross-site form changes
 * nothing. Without Chromium the tests are skipped (they fail under {@code CI=true}). With
 * {@code -Dlagoa.console.screenshots=DIR}, the screenshots of {@code docs/console.md} are written to DIR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern CONSOLE_LINE = Pattern.compile("Console (http://127\\.0\\.0\\.1:(\\d+)/)");
    private static final List<String> BRONZE = List.of("bronze_clientes", "bronze_fornecedores", "bronze_produtos", "bronze_pedidos",
            "bronze_itens_pedido", "bronze_cambio", "bronze_despesas_importacao");

    @TempDir
    static Path temp;
    private Path home;
    private Process console;
    private URI uri;
    private ChromeDriver browser;

    @BeforeAll
    void demoThenConsoleThenBrowser() throws Exception {
        requireBrowser();
        home = temp.resolve("home");
        Result demo = LagoaProcesses.run(temp, home, Map.of(), "demo");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Result crawl = LagoaProcesses.run(temp, home, Map.of(), "catalog", "crawl");
        assertThat(crawl.exitCode()).as(crawl.err()).isZero();
        Path output = temp.resolve("console.txt");
        console = LagoaProcesses.start(home, output, "-c", "services.console.port=0", "-c", "lagoa.locale=en", "console");
        LagoaProcesses.awaitLine(console, output, "Ctrl-C stops.");
        Matcher line = CONSOLE_LINE.matcher(Files.readString(output));
        assertThat(line.find()).as(Files.readString(output)).isTrue();
        uri = URI.create(line.group(1));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(1));
    }

    /** Skips without Chromium, or fails under {@code CI=true}, naming the packages. */
    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "The console's browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.destroy();
            assertThat(console.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Opens a page, waits for its charts and graphs to be drawn, and returns the browser's errors on it. */
    private List<String> open(String path) {
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(uri.resolve(path).toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> driver.findElements(By.cssSelector(".chart, .graph")).stream()
                .allMatch(element -> element.getAttribute("data-drawn") != null));
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private void screenshot(String name) throws Exception {
        // the pointer off the charts, where a click on an earlier page may have left it (a hovered chart fades the rest)
        new org.openqa.selenium.interactions.Actions(browser).moveToLocation(0, 0).perform();
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path folder = Files.createDirectories(Path.of("target", "console-screenshots"));
        Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("lagoa.console.screenshots");
        if (docs != null && !docs.isBlank()) {
            Files.copy(shot.toPath(), Files.createDirectories(Path.of(docs)).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String text() {
        return browser.findElement(By.tagName("main")).getText();
    }

    @Test
    @Order(1)
    void everyPageLoadsAndDrawsWithoutAnErrorInTheBrowser() throws Exception {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("home", "/");
        pages.put("catalog", "/catalog");
        pages.put("dataset", "/datasets/bronze_clientes");
        pages.put("lineage", "/lineage/agregado_fluxo_de_caixa_mensal");
        pages.put("search", "/search?q=risco%20cambial");
        pages.put("state-machine", "/catalog/state-machines/importau-teste-silver");
        pages.put("runs", "/runs");
        pages.put("sql", "/sql");
        pages.put("dashboard-ibov", "/dashboards/ibov?date=2022-12-08");
        pages.put("dashboard-petr4", "/dashboards/petr4");
        pages.put("dashboard-importau", "/dashboards/importau");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            assertThat(open(page.getValue())).as("errors in the browser on %s", page.getValue()).isEmpty();
            assertThat(browser.getTitle()).as(page.getValue()).endsWith("· Lagoa").doesNotContain("Something went wrong");
            screenshot(page.getKey());
        }
        // a job run and a state machine execution, reached from the runs page
        open("/runs");
        String jobRun = browser.findElement(By.cssSelector("a[href^='/runs/jr_']")).getAttribute("href");
        String execution = browser.findElements(By.cssSelector("a[href^='/runs/']")).stream().map(link -> link.getAttribute("href"))
                .filter(href -> href.contains("importau")).findFirst().orElseThrow(() -> new AssertionError("no state machine execution on /runs: " + text()));
        assertThat(open(jobRun)).isEmpty();
        assertThat(text()).contains("SUCCEEDED");
        screenshot("run");
        assertThat(open(execution)).isEmpty();
        screenshot("execution");
    }

    @Test
    @Order(2)
    void lineageLeadsFromTheGoldAggregateToTheSevenBronzeDatasets() throws Exception {
        assertThat(open("/lineage/agregado_fluxo_de_caixa_mensal")).isEmpty();
        assertThat(Integer.parseInt(browser.findElement(By.id("graph")).getAttribute("data-drawn"))).isGreaterThanOrEqualTo(9);
        browser.findElement(By.cssSelector(".lineage-lists a[href='/lineage/fato_pedido_correlacionado']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.getCurrentUrl().endsWith("/lineage/fato_pedido_correlacionado"));
        List<String> upstream = browser.findElements(By.cssSelector(".lineage-lists a")).stream().map(WebElement::getText).toList();
        assertThat(upstream).containsAll(BRONZE);
        browser.findElement(By.cssSelector(".lineage-lists a[href='/lineage/bronze_pedidos']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.getCurrentUrl().endsWith("/lineage/bronze_pedidos"));
        assertThat(text()).contains("Lineage of bronze_pedidos", "fato_pedido_correlacionado");
    }

    @Test
    @Order(3)
    void searchFindsTheFxRiskAggregate() {
        assertThat(open("/search?q=risco%20cambial")).isEmpty();
        WebElement first = browser.findElement(By.cssSelector("ol.hits li a"));
        assertThat(first.getText()).isEqualTo("agregado-previsao-demanda-cambio");
        assertThat(first.findElements(By.tagName("mark"))).isNotEmpty();
        first.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.getCurrentUrl().endsWith("/datasets/agregado_previsao_demanda_cambio"));
    }

    @Test
    @Order(4)
    void theIbovDashboardShowsPetr4OnItsDay() {
        assertThat(open("/dashboards/ibov?date=2022-12-08")).isEmpty();
        assertThat(text()).contains("PETR4").contains("5.720%").contains("ibov_ativos");
        assertThat(browser.findElements(By.cssSelector(".chart[data-drawn]"))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(5)
    void theSqlConsoleAnswersASelectAndRefusesAWrite() {
        open("/sql");
        WebElement query = browser.findElement(By.id("sql"));
        query.clear();
        query.sendKeys("SELECT acao, participacao_pct FROM ibov_ativos WHERE data = DATE '2022-12-08' AND acao = 'PETR4'");
        browser.findElement(By.cssSelector("form.sql button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> !driver.findElements(By.cssSelector("table.result")).isEmpty());
        assertThat(text()).contains("PETR4", "5.720", "1 row");
        query = browser.findElement(By.id("sql"));
        query.clear();
        query.sendKeys("DELETE FROM ibov_ativos");
        browser.findElement(By.cssSelector("form.sql button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> !driver.findElements(By.cssSelector("p.error")).isEmpty());
        assertThat(text()).contains("read-only SELECT");
    }

    @Test
    @Order(6)
    void aCrossSiteFormChangesNothing() throws Exception {
        // another site, on another port of this machine, whose page posts a tag to the console
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = ("<!DOCTYPE html><html><body><form method=\"post\" action=\"" + uri.resolve("/datasets/bronze_clientes/tags")
                + "\"><input type=\"hidden\" name=\"tag\" value=\"cross-site\"><button id=\"go\" type=\"submit\">go</button></form></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        evil.start();
        try {
            open("/datasets/bronze_clientes");
            browser.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            browser.findElement(By.id("go")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.getCurrentUrl().startsWith(uri.toString()));
        } finally {
            evil.stop(0);
        }
        Result show = LagoaProcesses.run(temp, home, Map.of(), "catalog", "show", "bronze_clientes", "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).doesNotContain("cross-site");

        // the same tag through the console's own form is taken
        open("/datasets/bronze_clientes");
        browser.findElement(By.id("tag")).sendKeys("revisado");
        browser.findElement(By.id("tag")).submit();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElement(By.tagName("main")).getText().contains("revisado"));
        assertThat(LagoaProcesses.run(temp, home, Map.of(), "catalog", "show", "bronze_clientes", "--json").out()).contains("revisado");
    }

    @Test
    @Order(7)
    void noPageIsReachableFromAnotherAddress() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no address but loopback");
        try (Socket socket = new Socket()) {
            Assertions.assertThrows(java.net.ConnectException.class, () -> socket.connect(new InetSocketAddress(external.get(), uri.getPort()), 5_000));
        }
    }

    @Test
    @Order(8)
    void theKeyboardReachesTheContentFirstAndAPhoneReadsThePages() throws Exception {
        open("/catalog");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("class")).isEqualTo("skip");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String path : List.of("/", "/catalog", "/lineage/agregado_fluxo_de_caixa_mensal", "/dashboards/ibov?date=2022-12-08")) {
                open(path);
                Object overflow = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as("horizontal overflow on %s at phone width", path).isLessThanOrEqualTo(0);
            }
            open("/dashboards/ibov?date=2022-12-08");
            screenshot("phone-dashboard-ibov");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }
}

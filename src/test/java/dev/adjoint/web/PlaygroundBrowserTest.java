package dev.adjoint.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Drives the playground at / in real headless Chromium (Debian's chromium and chromedriver; Selenium
 * Manager never runs, nothing is downloaded). Runs in the Maven profile {@code browser-tests}, active
 * where /usr/bin/chromedriver exists; screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlaygroundBrowserTest {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** d y / d x of the note's Example 1 at x = 2, z = 3 (float64, PyTorch agrees). */
    static final double GRADIENT_X = 1208.3812151266095;
    /** d²y / dz² of Example 1 at x = 2, z = 3: x² e^{xz} + 2 sin(log x) / (x z³) (float64). */
    static final double HESSIAN_ZZ = 1613.7388392033965;

    /** Selenium's devtools module warns that it has no CDP bindings for this Chromium; none are used. */
    static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");
    static final Logger CHROMIUM_LOG = Logger.getLogger("org.openqa.selenium.chromium");

    static ChromeDriver driver;
    static Path profile;

    @LocalServerPort
    int port;

    WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws IOException {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        CHROMIUM_LOG.setLevel(Level.SEVERE);
        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("adjoint-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800", "--force-device-scale-factor=1");
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    @BeforeEach
    void openPlayground() {
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://localhost:" + port + "/");
        // a 1280 x 800 viewport (the window's own frame, if any, comes on top)
        int frameWidth = ((Number) js("return window.outerWidth - window.innerWidth")).intValue();
        int frameHeight = ((Number) js("return window.outerHeight - window.innerHeight")).intValue();
        driver.manage().window().setSize(new Dimension(1280 + frameWidth, 800 + frameHeight));
        wait.until(d -> "true".equals(js("return document.body.dataset.ready || ''")));
        // KaTeX comes from the WebJar (the service itself); the page is useless for formulas without it
        wait.until(d -> Boolean.TRUE.equals(js("return typeof window.katex === 'object'")));
    }

    @AfterEach
    void everyResourceCameFromTheService() {
        @SuppressWarnings("unchecked")
        List<String> foreign = (List<String>) js(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))");
        assertThat(foreign).as("resources loaded from anywhere but the service").isEmpty();
    }

    @Test
    void exampleOneShowsTheGradientTheGraphAndTheDerivation() throws IOException {
        new Select(find("#expr-example")).selectByValue("ex1-program");
        assertThat(find("#expr-text").getDomProperty("value")).startsWith("a = x*z\nb = log(x)").endsWith("y = d + e + f");
        assertThat(find("#expr-bindings").getDomProperty("value")).isEqualTo("x = 2, z = 3");
        find("#expr-run").click();

        // the gradient of x, to the digits the page shows (at least 12 significant ones)
        WebElement gx = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("gradient-x")));
        assertShownDigits(gx.getText(), GRADIENT_X, 12);
        assertShownDigits(find("#gradient-z").getText(), 809.707479218564, 12);
        assertThat(find("#result-value").getText()).contains("y =");
        assertShownDigits(find("#result-value").getText().replace("y =", ""), 412.19145728412116, 12);

        // the graph (SVG from /api/v1/expressions/graph, inserted as markup): a node for x, one for the
        // output y, and the edge b -> e labelled with its local derivative
        WebElement graph = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#expr-graph svg.adjoint-graph")));
        WebElement nodeX = graph.findElement(By.cssSelector("g.node[data-id='x']"));
        assertThat(nodeX.getText()).contains("x").contains("1208.38");
        WebElement nodeY = graph.findElement(By.cssSelector("g.node[data-id='y']"));
        assertThat(nodeY.getText()).contains("d + e + f");
        assertThat(graph.findElements(By.cssSelector("g.node"))).hasSize(9); // x, z, a .. f, y
        WebElement edge = graph.findElement(By.cssSelector("g.edge[data-from='b'][data-to='e']"));
        assertThat(edge.getText()).isEqualTo("-a / b^2");
        assertThat(graph.getRect().getWidth()).as("the graph fits the page").isLessThanOrEqualTo(1280);

        // forward table: a = x * z = 6, typeset
        WebElement rowA = find("#forward-table tr[data-id='a']");
        assertThat(tex(rowA)).isEqualTo("a = x \\cdot z");
        assertThat(rowA.findElements(By.cssSelector("td.num")).get(0).getText()).isEqualTo("6");

        // backward: g_b = g_e · (−a/b²) + g_c · cos(b) = −12.36..., typeset by KaTeX (with its fonts)
        WebElement b = find("#backward-list li.derivation[data-id='b']");
        assertThat(b.getDomAttribute("data-terms")).contains("\"consumer\":\"e\",\"localDerivative\":\"-a / b^2\"")
                .contains("\"consumer\":\"c\",\"localDerivative\":\"cos(b)\"");
        WebElement symbolic = b.findElement(By.cssSelector(".symbolic"));
        assertThat(symbolic.findElements(By.cssSelector(".katex .katex-html"))).as("typeset by KaTeX").isNotEmpty();
        assertThat(tex(symbolic)).isEqualTo("g_{b} = g_{e} \\cdot \\left(\\frac{-a}{b^{2}}\\right) + g_{c} \\cdot \\cos\\left(b\\right)");
        assertThat(b.findElement(By.cssSelector(".numeric")).getDomAttribute("data-tex")).endsWith("= -12.3600074");
        assertThat((String) js("return getComputedStyle(arguments[0].querySelector('.katex')).fontFamily", symbolic)).contains("KaTeX_Main");
        assertThat((Boolean) js("return document.fonts.check('16px KaTeX_Main')")).isTrue();
        // the fraction is drawn as a fraction (numerator above the bar), not as inline text
        assertThat(symbolic.findElements(By.cssSelector(".katex-html .mfrac"))).isNotEmpty();

        // the derivative formulas (from /derivative: the note's names for the shared parts, and its -a / b^2)
        // and the Hessian (from /hessian), symmetric, to the digits shown
        WebElement dx = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#derivative-list li.derivative[data-var='x']")));
        assertThat(dx.getDomAttribute("data-program")).startsWith("a = x * z\nb = log(x)\ng_x = ").contains("-a / b^2");
        assertThat(dx.findElement(By.cssSelector("pre.formula-text")).getText()).isEqualTo(dx.getDomAttribute("data-program"));
        assertThat(dx.findElements(By.cssSelector(".symbolic .katex .katex-html"))).as("typeset by KaTeX").isNotEmpty();
        assertShownDigits(find("#hessian-z-z").getText(), HESSIAN_ZZ, 10);
        assertThat(find("#hessian-x-z").getDomAttribute("data-value")).isEqualTo(find("#hessian-z-x").getDomAttribute("data-value"));

        screenshot("playground-example1.png", false);
        screenshot("playground-example1-full.png", true);
    }

    @Test
    void exampleTwoAsAProgramShowsTensorsAsTablesAndTheVectorChainRule() throws IOException {
        new Select(find("#expr-example")).selectByValue("ex2-program");
        assertThat(find("#expr-text").getDomProperty("value")).startsWith("u1 = alpha1' @ x\nz1 = sigmoid(u1)");
        find("#expr-run").click();

        WebElement alpha1 = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#gradient-alpha1 table.tensor-table")));
        assertThat(alpha1.getDomAttribute("data-shape")).isEqualTo("3 × 4");
        List<WebElement> cells = alpha1.findElements(By.cssSelector("td.cell"));
        assertThat(cells).hasSize(12);
        // the first element of d J / d alpha1 (conformance case seed-ex2-program), exact in the cell's title
        assertThat(Double.parseDouble(cells.get(0).getDomAttribute("title"))).isCloseTo(-0.005992362051711506, within(1e-15));
        assertShownDigits(find("#result-value").getText().replace("J =", ""), 0.7733229935505472, 12);

        // forward: u1 is a vector of four, shown as a one-row table
        WebElement rowU1 = find("#forward-table tr[data-id='u1']");
        assertThat(rowU1.findElement(By.cssSelector("table.tensor-table")).getDomAttribute("data-shape")).isEqualTo("4");

        // backward: z1's gradient as the note's vector chain rule, g_z1 = alpha2 @ g_u2
        WebElement z1 = find("#backward-list li.derivation[data-id='z1']");
        assertThat(z1.findElement(By.cssSelector(".vjp")).getText()).isEqualTo("g_z1 = alpha2 @ g_u2");
        assertThat(z1.getDomAttribute("data-terms")).contains("\"jacobianShape\":[4,3]");
        assertThat(find("#backward-list li.derivation[data-id='alpha2'] .vjp").getText()).isEqualTo("g_alpha2 = outer(z1, g_u2)");

        // the derivative formulas of a tensor program are tensors (from /derivative): alpha3's is the note's
        // outer(z2, ...) of shape [3, 1], typeset, with how to check a tensor (/jvp, or sum(...)), not "send it back"
        WebElement dAlpha3 = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#derivative-list li.derivative[data-var='alpha3']")));
        String program = dAlpha3.getDomAttribute("data-program");
        assertThat(program.substring(program.lastIndexOf('\n') + 1)).startsWith("g_alpha3 = outer(z2, ");
        assertThat(dAlpha3.getDomAttribute("data-shape")).isEqualTo("3, 1");
        assertThat(dAlpha3.findElement(By.cssSelector("pre.formula-text")).getText()).isEqualTo(program);
        assertThat(dAlpha3.findElements(By.cssSelector(".symbolic .katex .katex-html"))).as("typeset by KaTeX").isNotEmpty();
        assertThat(dAlpha3.findElement(By.cssSelector(".formula-check")).getText()).contains("[3, 1] tensor").contains("/jvp")
                .contains("sum(...)").contains("(g_alpha3 = …)");
        WebElement dAlpha1 = find("#derivative-list li.derivative[data-var='alpha1']");
        assertThat(dAlpha1.getDomAttribute("data-shape")).isEqualTo("3, 4");
        assertThat(dAlpha1.getDomAttribute("data-program")).contains("g_alpha1 = outer(x, ");
        assertThat(find("#derivative-list li.derivative[data-var='x']").getDomAttribute("data-shape")).isEqualTo("3");
        // y is a number: its formula is one number, to send back to /gradient
        WebElement dy = find("#derivative-list li.derivative[data-var='y']");
        assertThat(dy.getDomAttribute("data-shape")).isNull();
        assertThat(dy.findElement(By.cssSelector(".formula-check")).getText()).contains("/gradient").doesNotContain("tensor");
        assertThat(find("#higher-title + .hint").getText()).contains("/jvp").contains("sum(...)");
        screenshot("playground-example2-program.png", true);
    }

    @Test
    void aSyntaxErrorIsShownNextToTheInputWithItsPositionMarked() throws IOException {
        WebElement text = find("#expr-text");
        text.sendKeys("x +* 2");
        find("#expr-bindings").sendKeys("x = 2");
        find("#expr-run").click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("expr-error")));
        assertThat(error.getText()).contains("does not parse").contains("line 1, column 4").contains("'*'");
        // the character at position 3 is marked, with a caret under it
        assertThat(error.findElement(By.cssSelector(".marker mark")).getText()).isEqualTo("*");
        assertThat(error.findElement(By.cssSelector(".marker .caret")).getDomProperty("textContent")).isEqualTo("   ^");
        assertThat(text.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(text.getDomAttribute("aria-describedby")).contains("expr-error");
        assertThat(((Number) js("return arguments[0].selectionStart", text)).intValue()).isEqualTo(3);
        // next to the input: the box is in the same form, right below the text area
        int below = error.getRect().getY() - (text.getRect().getY() + text.getRect().getHeight());
        assertThat(below).isBetween(0, 60);
        assertThat(find("#expr-summary").getText()).contains("No result");
        screenshot("playground-syntax-error.png", false);

        // a 422 lists every problem, each at its own line and column
        text.clear();
        text.sendKeys("a = x*q\nb = sinn(a)");
        find("#expr-run").click();
        wait.until(d -> find("#expr-error").getText().contains("sinn"));
        List<WebElement> items = find("#expr-error").findElements(By.cssSelector("li.error-item"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).getText()).contains("line 1, column 7").contains("'q'");
        assertThat(items.get(1).getText()).contains("line 2, column 5").contains("sinn");
        assertThat(items.get(1).findElement(By.cssSelector(".marker mark")).getText()).isEqualTo("s");
    }

    @Test
    void theNetworkTabShowsExampleTwosLossGraphAndGradientHeatMaps() throws IOException {
        find("#tab-network").click();
        assertThat(find("#panel-network").isDisplayed()).isTrue();
        assertThat(find("#panel-expression").isDisplayed()).isFalse();
        new Select(find("#net-example")).selectByValue("ex2");
        find("#net-run").click();

        WebElement loss = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("net-loss")));
        assertShownDigits(loss.getText(), 0.8874601634994777, 12);

        WebElement graph = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#net-graph svg.adjoint-graph")));
        for (String id : List.of("x", "W1", "u1", "z1", "W3", "z3", "J")) {
            assertThat(graph.findElements(By.cssSelector("g.node[data-id='" + id + "']"))).as("layer graph node " + id).hasSize(1);
        }

        // one heat map per weight gradient, in the note's in_out shapes: 3x4, 4x3, 3x1
        assertThat(find("#heat-W1").findElements(By.cssSelector("td.cell"))).hasSize(12);
        assertThat(find("#heat-W2").findElements(By.cssSelector("td.cell"))).hasSize(12);
        assertThat(find("#heat-W3").findElements(By.cssSelector("td.cell"))).hasSize(3);
        // g_W3[1][1] = 0.42006..., the largest magnitude of its map: the deepest red
        WebElement w3 = find("#heat-W3").findElements(By.cssSelector("td.cell")).get(0);
        assertThat(Double.parseDouble(w3.getDomAttribute("data-value"))).isCloseTo(0.4200627752589847, within(1e-12));
        assertThat(w3.getCssValue("background-color")).isEqualTo("rgba(178, 24, 43, 1)");
        // the backward pass per layer, typeset: the note's g_z2 = W3 g_u3 and g_W3 = outer(z2, g_u3)
        WebElement gz2 = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("backward-z2")));
        assertThat(gz2.getDomAttribute("data-formula")).isEqualTo("g_z2 = W3 @ g_u3");
        assertThat(gz2.findElement(By.cssSelector(".formula")).getDomAttribute("data-tex")).isEqualTo("g_{z_{2}} = W_{3}\\,g_{u_{3}}");
        assertThat(gz2.findElements(By.cssSelector(".formula .katex"))).as("typeset by KaTeX").isNotEmpty();
        assertThat(find("#backward-W3").getDomAttribute("data-formula")).isEqualTo("g_W3 = outer(z2, g_u3)");
        assertThat(find("#backward-layer-3").getText()).contains("Layer 3");
        screenshot("playground-network.png", true);
    }

    @Test
    void theTrainingTabPlotsTheLossPerEpoch() throws IOException {
        find("#tab-training").click();
        new Select(find("#train-example")).selectByValue("and");
        find("#train-run").click();

        // the curve grows from the event stream; the final loss appears with the last event
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("train-final-loss")));
        WebElement curve = find("#train-curve svg.loss-curve polyline.line");
        String[] points = curve.getDomAttribute("points").trim().split("\\s+");
        assertThat(points).hasSize(200); // one point per epoch
        double firstY = Double.parseDouble(points[0].split(",")[1]);
        double lastY = Double.parseDouble(points[points.length - 1].split(",")[1]);
        assertThat(lastY).as("the loss falls, so the curve ends lower on the chart (larger y)").isGreaterThan(firstY + 100);
        assertThat(curve.getRect().getWidth()).as("the curve is drawn").isGreaterThan(300);
        double finalLoss = Double.parseDouble(find("#train-final-loss").getText());
        assertThat(finalLoss).isLessThan(0.2);
        assertThat(find("#trained-W1").findElements(By.cssSelector("td.cell"))).hasSize(2);
        screenshot("playground-training.png", true);
    }

    @Test
    void theTrainingTabDrawsTheCurveAsItGrowsAndStopsARun() {
        // 32 examples through 8-64-1, 20 000 epochs: seconds of work, inside the training-work limit
        StringBuilder w1 = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            w1.append(i == 0 ? "" : ",").append("[");
            for (int j = 0; j < 64; j++) {
                w1.append(j == 0 ? "" : ",").append(((i * 64 + j) % 7 - 3) * 0.05);
            }
            w1.append("]");
        }
        w1.append("]");
        StringBuilder w2 = new StringBuilder("[");
        for (int j = 0; j < 64; j++) {
            w2.append(j == 0 ? "" : ",").append("[").append((j % 5 - 2) * 0.1).append("]");
        }
        w2.append("]");
        StringBuilder examples = new StringBuilder("[");
        for (int k = 0; k < 32; k++) {
            examples.append(k == 0 ? "" : ",").append("{\"x\": [");
            for (int i = 0; i < 8; i++) {
                examples.append(i == 0 ? "" : ",").append((k >> (i % 5)) & 1);
            }
            examples.append("], \"y\": ").append(k % 2).append("}");
        }
        examples.append("]");
        String body = "{\"layers\": [{\"weights\": " + w1 + ", \"activation\": \"tanh\"}, {\"weights\": " + w2
                + ", \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\", \"examples\": " + examples
                + ", \"learningRate\": 0.01, \"epochs\": 20000}";
        find("#tab-training").click();
        driver.executeScript("arguments[0].value = arguments[1]", find("#train-text"), body);
        find("#train-run").click();

        wait.until(ExpectedConditions.textMatches(By.id("train-progress"), java.util.regex.Pattern.compile("^Epoch \\d+")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#train-curve svg.loss-curve polyline.line")));
        find("#train-stop").click();
        wait.until(ExpectedConditions.textMatches(By.id("train-progress"), java.util.regex.Pattern.compile("^Stopped after \\d+ epochs")));
        String[] points = find("#train-curve svg.loss-curve polyline.line").getDomAttribute("points").trim().split("\\s+");
        assertThat(points.length).as("the curve as far as the run went").isBetween(1, 19_999);
        assertThat(find("#train-stop").isDisplayed()).isFalse();
        assertThat(find("#train-run").isEnabled()).isTrue();
        assertThat(driver.findElements(By.id("train-final-loss"))).as("a stopped run has no final answer").isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The LaTeX source KaTeX typeset inside the element (its MathML annotation), without the size switch. */
    private String tex(WebElement el) {
        String source = el.findElement(By.cssSelector("annotation[encoding='application/x-tex']")).getDomProperty("textContent");
        return source.replaceFirst("^\\\\displaystyle ", "");
    }

    /**
     * The shown text is the expected number rounded to the digits shown (half a unit in the last
     * place), with at least {@code minDigits} significant digits shown.
     */
    private static void assertShownDigits(String shown, double expected, int minDigits) {
        String s = shown.trim().replace('\u2212', '-');
        BigDecimal value = new BigDecimal(s);
        assertThat(value.precision()).as("significant digits shown in '%s'", shown).isGreaterThanOrEqualTo(minDigits);
        BigDecimal halfUlp = BigDecimal.ONE.movePointLeft(value.scale()).divide(BigDecimal.valueOf(2));
        assertThat(value.subtract(new BigDecimal(expected)).abs()).as("'%s' is %s to the digits shown", shown, expected)
                .isLessThanOrEqualTo(halfUlp);
    }

    private void screenshot(String name, boolean fullPage) throws IOException {
        byte[] png;
        if (fullPage) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double width = ((Number) size.get("width")).doubleValue();
            double height = ((Number) size.get("height")).doubleValue();
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } else {
            png = driver.getScreenshotAs(OutputType.BYTES);
        }
        Files.write(SCREENSHOTS.resolve(name), png);
    }
}

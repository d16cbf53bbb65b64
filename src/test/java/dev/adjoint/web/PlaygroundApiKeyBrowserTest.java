package dev.adjoint.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground on a server that requires an API key (headless Chromium, profile browser-tests, as
 * {@link PlaygroundBrowserTest}): without a key a call is refused with a 401 that says where the key
 * goes; a key typed into the field is kept in the tab's session storage (not local storage), sent as
 * X-API-Key by the JSON calls and by the training stream, and still there after a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "adjoint.security.api-keys=" + PlaygroundApiKeyBrowserTest.KEY)
class PlaygroundApiKeyBrowserTest {

    static final String KEY = "playground-test-key";

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        PlaygroundBrowserTest.startBrowser();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        PlaygroundBrowserTest.stopBrowser();
    }

    @Test
    void theKeyFieldIsSentAsXApiKeyAndKeptForTheTabOnly() {
        var driver = PlaygroundBrowserTest.driver;
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://localhost:" + port + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready || ''")));
        assertThat(find("#api-key").getDomProperty("value")).isEmpty();

        // no key: refused, and the message says where to put one
        new Select(find("#expr-example")).selectByValue("ex1-expression");
        find("#expr-run").click();
        wait.until(d -> find("#expr-error").getText().contains("HTTP 401"));
        assertThat(find("#expr-error").getText()).contains("X-API-Key").contains("API key field");

        // a wrong key: refused as invalid
        find("#api-key").sendKeys("not-the-key");
        find("#expr-run").click();
        wait.until(d -> find("#expr-error").getText().contains("does not hold a valid API key"));

        // the right key: the note's gradient
        find("#api-key").clear();
        find("#api-key").sendKeys(KEY);
        assertThat(js("return sessionStorage.getItem('adjoint.apiKey')")).isEqualTo(KEY);
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        find("#expr-run").click();
        WebElement gx = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("gradient-x")));
        assertThat(Double.parseDouble(gx.getText().replaceAll("[^0-9.eE+-]", ""))).isBetween(1208.38121512, 1208.38121513);

        // after a reload the field is filled from the tab's storage, and the training stream sends the key too
        driver.navigate().refresh();
        wait.until(d -> "true".equals(js("return document.body.dataset.ready || ''")));
        assertThat(find("#api-key").getDomProperty("value")).isEqualTo(KEY);
        find("#tab-training").click();
        new Select(find("#train-example")).selectByValue("and");
        find("#train-run").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("train-final-loss")));
        assertThat(Double.parseDouble(find("#train-final-loss").getText())).isLessThan(0.2);

        // emptying the field forgets the key
        find("#api-key").clear();
        find("#api-key").sendKeys(" ");
        assertThat(js("return sessionStorage.getItem('adjoint.apiKey')")).isNull();
    }

    private static WebElement find(String css) {
        return PlaygroundBrowserTest.driver.findElement(By.cssSelector(css));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) PlaygroundBrowserTest.driver).executeScript(script, args);
    }
}

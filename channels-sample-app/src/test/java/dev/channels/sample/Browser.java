package dev.channels.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * A headless Chromium driven through the system's chromedriver (Debian's chromium and
 * chromium-driver): nothing is downloaded, and a missing browser fails the test with how to install
 * it.
 */
final class Browser implements AutoCloseable {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private final Path profile;
  private final WebDriver driver;
  private final WebDriverWait wait;

  Browser() throws IOException {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      throw new IllegalStateException(
          "Browser tests need Chromium and its driver at /usr/bin/chromium and /usr/bin/chromedriver."
              + " Install them with: sudo apt-get install chromium chromium-driver");
    }
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  /** Opens {@code url}. */
  void open(String url) {
    driver.get(url);
  }

  /** Enters {@code room} on the index page, as a user would. */
  void enterRoom(String room) {
    type("#room-name-input", room);
    driver.findElement(By.cssSelector("#room-name-submit")).click();
    awaitConnected();
  }

  /** Waits until the chat page's WebSocket is open. */
  void awaitConnected() {
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#status"), "data-state", "open"));
  }

  /** Types {@code text} into the chat box and sends it. */
  void say(String text) {
    type("#chat-message-input", text);
    driver.findElement(By.cssSelector("#chat-message-submit")).click();
  }

  /** Waits until the chat log shows {@code text}, and returns the whole log. */
  String awaitInLog(String text) {
    wait.until(driver -> chatLog().contains(text));
    return chatLog();
  }

  /** Waits until the room's presence list shows exactly {@code names}, in order. */
  void awaitPresent(String... names) {
    wait.until(driver -> presentNames().equals(java.util.List.of(names)));
  }

  java.util.List<String> presentNames() {
    return driver.findElements(By.cssSelector("#presence li")).stream()
        .map(item -> item.getText())
        .toList();
  }

  String chatLog() {
    return driver.findElement(By.cssSelector("#chat-log")).getDomProperty("value");
  }

  String currentPath() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  private void type(String selector, String text) {
    driver.findElement(By.cssSelector(selector)).sendKeys(text);
  }

  @Override
  public void close() {
    driver.quit();
    FileSystemUtils.deleteRecursively(profile.toFile());
  }
}

package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line contract scripts rely on: {@code eddy server --port N --data-dir DIR ...} logs
 * one line when ready, {@code GET /health} answers 200, SIGTERM stops it cleanly with status 0,
 * and a bad option is a clear error with status 2.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void serverStartsAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        Process p = start(
                "server", "--port", "0", "--data-dir", dir.toString(), "--durability", "fsync", "--limits", "off");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String ready = null;
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.contains(" ready in ")) {
                    ready = line;
                    break;
                }
            }
            assertThat(ready)
                    .as("ready line in %s", lines)
                    .isNotNull()
                    .contains("durability fsync")
                    .contains("limits off");
            Matcher m = Pattern.compile(":(\\d+) \\(HTTP").matcher(ready);
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));

            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"serving\"}");

            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .start()
                            .waitFor())
                    .isZero();
            assertThat(p.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped within 30 s")
                    .isTrue();
            assertThat(p.exitValue()).isZero();
            List<String> rest = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                rest.add(line);
            }
            assertThat(String.join("\n", rest)).contains("stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadOptionIsAClearErrorWithStatus2() throws Exception {
        Process p = start("server", "--durability", "sometimes");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("durability: 'sometimes' is not one of fsync, interval, none");
    }

    @Test
    void helpListsEverySetting() throws Exception {
        Process p = start("--help");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        for (var s : dev.eddy.server.config.Settings.ALL) {
            assertThat(output).contains(s.flag()).contains(s.env());
        }
    }
}

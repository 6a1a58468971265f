package dev.eddy.compat;

import dev.eddy.server.EddyServer;
import dev.eddy.server.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An Eddy server on an ephemeral loopback port for one test class, and helpers to run the
 * machine's command-line clients against it. Closing it stops the server and removes its data.
 */
final class CompatServer implements AutoCloseable {
    final EddyServer server;
    private final Path dir;

    CompatServer(String... flags) {
        try {
            dir = Files.createTempDirectory("eddy-compat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args =
                new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString()));
        args.addAll(List.of(flags));
        server = EddyServer.start(Config.load(args, Map.of()));
    }

    int port() {
        return server.port();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    String tlsEndpoint() {
        return "https://127.0.0.1:" + port();
    }

    Path dir() {
        return dir;
    }

    /** The SDK's async DynamoDB client (KCL's kind) against this server's DynamoDB API. */
    software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamo() {
        return software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient.builder()
                .endpointOverride(java.net.URI.create(endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDKCL", "secret")))
                .build();
    }

    /** What a finished command printed and how it exited. */
    record Run(int exit, String output) {}

    /** Runs a command with dummy AWS credentials, failing the test if it hangs. */
    static Run run(Path workDir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment()
                .putAll(Map.of(
                        "AWS_ACCESS_KEY_ID", "AKIDEDDYCOMPAT",
                        "AWS_SECRET_ACCESS_KEY", "compat-secret",
                        "AWS_DEFAULT_REGION", "us-east-1",
                        "AWS_REGION", "us-east-1",
                        "AWS_PAGER", ""));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("command did not finish: " + command + "\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** True if {@code command} runs and exits 0 (to say plainly why a client test is skipped). */
    static boolean available(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}

package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client against a test server: streams, put, and tail across a split. */
class CliTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--limits", "off");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int exit, String out, String err) {}

    static Result eddy(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--endpoint=" + server.endpoint());
        int exit = new Cli(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of())
                .run(all);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void streamsAreCreatedListedDescribedAndDeleted() {
        assertThat(eddy("", "streams", "create", "cli-a", "--shards", "3").out())
                .contains("created cli-a (3 shards)");
        assertThat(eddy("", "streams", "create", "cli-od", "--on-demand").out()).contains("created cli-od (on-demand)");
        assertThat(eddy("", "streams", "list").out()).contains("cli-a\n").contains("cli-od\n");
        String described = eddy("", "streams", "describe", "cli-a").out();
        assertThat(described)
                .contains("status     ACTIVE")
                .contains("open       3 shard(s)")
                .contains("shardId-000000000002  open");
        assertThat(eddy("", "streams", "delete", "cli-a").out()).contains("deleted cli-a");
        Result missing = eddy("", "streams", "describe", "cli-a");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Stream cli-a under account 000000000000 not found.");
        assertThat(eddy("", "streams", "frobnicate", "x").exit()).isEqualTo(2);
    }

    @Test
    void putThenTailReturnsTheRecordsInOrderAcrossASplit() {
        eddy("", "streams", "create", "cli-tail", "--shards", "1");
        Result put = eddy("one\ntwo\nthree\n", "put", "cli-tail", "--key", "k");
        assertThat(put.exit()).isZero();
        assertThat(put.err()).contains("put 3 records to cli-tail");
        server.clock.advance(1_000);
        server.sync()
                .splitShard(b -> b.streamName("cli-tail")
                        .shardToSplit("shardId-000000000000")
                        .newStartingHashKey("170141183460469231731687303715884105728"));
        assertThat(eddy("", "put", "cli-tail", "--key", "k", "four", "five").exit())
                .isZero();

        Result tail = eddy("", "tail", "cli-tail", "--no-follow");
        assertThat(tail.exit()).as(tail.err()).isZero();
        assertThat(tail.out().lines().toList()).containsExactly("one", "two", "three", "four", "five");
        Result verbose = eddy("", "tail", "cli-tail", "--no-follow", "--verbose");
        assertThat(verbose.out().lines().findFirst().orElseThrow()).matches("shardId-000000000000 \\d+ k one");
        assertThat(eddy("", "tail", "cli-tail", "--no-follow", "--from", "latest")
                        .out())
                .isEmpty();
    }
}

package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;

/** Tag keys and values hold letters, digits, spaces and {@code _ . : / = + - % @}; control characters are refused. */
class TagCharactersTest {
    @TempDir
    Path dir;

    @Test
    void tabsAndNewlinesAreRefusedAndSpacesAccepted() {
        try (TestServer server = TestServer.start(dir, "--in-memory")) {
            KinesisClient k = server.sync();
            k.createStream(b -> b.streamName("t").shardCount(1));
            for (Map<String, String> bad : java.util.List.of(Map.of("a\tb", "v"), Map.of("k", "line\nbreak"))) {
                assertThatThrownBy(
                                () -> k.addTagsToStream(b -> b.streamName("t").tags(bad)))
                        .isInstanceOf(InvalidArgumentException.class)
                        .hasMessageStartingWith("Some tags contain invalid characters. Valid characters: Unicode"
                                + " letters, digits, white space, _ . / = + - % @.");
            }
            k.addTagsToStream(b -> b.streamName("t").tags(Map.of("team name", "data: ünïcode @ 100%")));
            assertThat(k.listTagsForStream(b -> b.streamName("t")).tags()).hasSize(1);
        }
    }
}

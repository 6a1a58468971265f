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

    /** As the API reference has it today: up to 50 tags in one call, and 50 on a stream. */
    @Test
    void oneCallMayAddUpToFiftyTags() {
        try (TestServer server = TestServer.start(dir, "--in-memory")) {
            KinesisClient k = server.sync();
            k.createStream(b -> b.streamName("t").shardCount(1));
            Map<String, String> eleven = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 11; i++) {
                eleven.put("k" + i, "v");
            }
            k.addTagsToStream(b -> b.streamName("t").tags(eleven));
            assertThat(k.listTagsForStream(b -> b.streamName("t")).tags()).hasSize(11);
            Map<String, String> forty = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                forty.put("more" + i, "v");
            }
            assertThatThrownBy(() -> k.addTagsToStream(b -> b.streamName("t").tags(forty)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Failed to add tags to stream t under account 000000000000 because a given"
                            + " stream cannot have more than 50 tags associated with it.");
        }
    }
}

package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one the settings table generates, word for word. */
class ReadmeConfigTest {
    @Test
    void theReadmeConfigurationTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = Config.markdownTable();
        assertThat(readme)
                .as("README.md must contain the table `eddy help-config` prints (see Config.markdownTable())")
                .contains(table);
    }
}

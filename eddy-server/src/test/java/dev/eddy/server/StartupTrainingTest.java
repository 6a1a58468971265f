package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up cache's training run: a real server answering a first client's calls as expected. */
class StartupTrainingTest {
    @Test
    void theTrainingRunGetsTheAnswersItExpects() throws Exception {
        // every call checks its status (one expects ResourceNotFound); a wrong one throws
        assertThat(StartupTraining.run()).isZero();
    }
}

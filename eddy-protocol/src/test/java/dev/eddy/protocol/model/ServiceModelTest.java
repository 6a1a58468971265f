package dev.eddy.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A lazily read model answers as the eagerly read one does, its metadata known before the rest is read. */
class ServiceModelTest {
    private static final String KINESIS = "/dev/eddy/protocol/kinesis-2013-12-02.service.json";

    @Test
    void aLazyModelHasItsMetadataAtOnceAndTheSameOperationsAndShapesWhenAsked() {
        ServiceModel eager = ServiceModel.load(ServiceModel.class, KINESIS);
        ServiceModel lazy = ServiceModel.lazy(ServiceModel.class, KINESIS);

        assertThat(lazy.metadata()).isEqualTo(eager.metadata());
        assertThat(lazy.metadata().targetPrefix()).isEqualTo("Kinesis_20131202");
        assertThat(lazy.operations().keySet())
                .containsExactlyElementsOf(eager.operations().keySet());
        assertThat(lazy.shapeNames()).containsExactlyInAnyOrderElementsOf(eager.shapeNames());
        Operation put = lazy.operation("PutRecords").orElseThrow();
        assertThat(put.input().members().keySet())
                .containsExactlyElementsOf(eager.operation("PutRecords")
                        .orElseThrow()
                        .input()
                        .members()
                        .keySet());
        assertThat(lazy.shape("PartitionKey").max()).isEqualTo(256L);
        lazy.preload(); // already read: a no-op
        assertThat(lazy.findShape("NoSuchShape")).isEmpty();
    }
}

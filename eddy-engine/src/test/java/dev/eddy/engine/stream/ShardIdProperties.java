package dev.eddy.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShardIdProperties {
    @Property
    void nameIsTwelveDigitsAndParsesBack(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index) {
        ShardId id = new ShardId(index);
        assertThat(id.toString()).isEqualTo(String.format("shardId-%012d", index));
        assertThat(ShardId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void edges() {
        assertThat(new ShardId(0)).hasToString("shardId-000000000000");
        assertThat(new ShardId(Integer.MAX_VALUE)).hasToString("shardId-002147483647");
        assertThat(ShardId.parse("shardId-")).isNull();
        assertThat(ShardId.parse("shardId-0000000000001")).isNull();
        assertThat(ShardId.parse("shardId-999999999999")).isNull();
    }
}

package dev.eddy.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Members behaves as an insertion-ordered map does, whatever is done to it. */
class MembersProperties {
    record Op(int kind, String key, Integer value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(
                                "Data", "PartitionKey", "ExplicitHashKey", "StreamName", "a", "b", "c", "d", "e"),
                        Arbitraries.integers().between(0, 9))
                .as(Op::new);
        return op.list().ofMaxSize(40);
    }

    @Property
    void actsAsALinkedHashMap(@ForAll("ops") List<Op> ops) {
        Map<String, Object> members = new Members(2);
        Map<String, Object> reference = new LinkedHashMap<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0, 1 ->
                    assertThat(members.put(op.key(), op.value())).isEqualTo(reference.put(op.key(), op.value()));
                case 2 -> assertThat(members.remove(op.key())).isEqualTo(reference.remove(op.key()));
                case 3 -> {
                    Iterator<Map.Entry<String, Object>> a = members.entrySet().iterator();
                    Iterator<Map.Entry<String, Object>> b = reference.entrySet().iterator();
                    while (a.hasNext()) {
                        Map.Entry<String, Object> x = a.next();
                        b.next();
                        if (x.getKey().equals(op.key())) {
                            a.remove();
                            b.remove();
                        }
                    }
                }
                default -> assertThat(members.get(op.key())).isEqualTo(reference.get(op.key()));
            }
            assertThat(new ArrayList<>(members.entrySet())).isEqualTo(new ArrayList<>(reference.entrySet()));
            assertThat(members).isEqualTo(reference).hasSameHashCodeAs(reference);
            assertThat(members.containsKey(op.key())).isEqualTo(reference.containsKey(op.key()));
        }
    }
}

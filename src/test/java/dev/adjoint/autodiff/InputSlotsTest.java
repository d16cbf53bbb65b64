package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The repeated-inputs table against the definition: distinct inputs in first-use order, each summing its slots in slot order. */
class InputSlotsTest {

    @Test
    void aNodeWithoutRepeatsHasNoTable() {
        assertThat(InputSlots.ofRepeated(new int[] {})).isNull();
        assertThat(InputSlots.ofRepeated(new int[] {4})).isNull();
        assertThat(InputSlots.ofRepeated(new int[] {4, 2})).isNull();
        assertThat(InputSlots.ofRepeated(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})).isNull();
    }

    @Test
    void slotsAndSumsFollowFirstUseAndSlotOrder() {
        Random random = new Random(20261127);
        for (int round = 0; round < 2000; round++) {
            int slots = 2 + random.nextInt(round % 10 == 0 ? 40 : 6); // short lists and long ones (the map path)
            int[] in = new int[slots];
            for (int i = 0; i < slots; i++) {
                in[i] = random.nextInt(1 + slots / 2);
            }
            Map<Integer, List<Integer>> expected = new LinkedHashMap<>();
            for (int i = 0; i < slots; i++) {
                expected.computeIfAbsent(in[i], k -> new ArrayList<>()).add(i);
            }
            InputSlots table = InputSlots.ofRepeated(in);
            if (expected.size() == slots) {
                assertThat(table).isNull();
                continue;
            }
            assertThat(table.distinct).containsExactly(expected.keySet().stream().mapToInt(Integer::intValue).toArray());
            double[] perSlot = new double[slots];
            boolean[] present = new boolean[slots];
            Tensor[] tensors = new Tensor[slots];
            for (int i = 0; i < slots; i++) {
                perSlot[i] = random.nextGaussian() * Math.pow(10, random.nextInt(16) - 8);
                present[i] = random.nextInt(4) != 0;
                tensors[i] = present[i] ? Tensor.scalar(perSlot[i]) : null;
            }
            boolean[] seen = new boolean[table.distinct.length];
            double[] sums = table.combine(perSlot, present, seen);
            Tensor[] combined = table.combine(tensors);
            int j = 0;
            for (List<Integer> s : expected.values()) {
                assertThat(table.slots(j)).containsExactly(s.stream().mapToInt(Integer::intValue).toArray());
                Double sum = null;
                for (int slot : s) {
                    if (present[slot]) {
                        sum = sum == null ? perSlot[slot] : sum + perSlot[slot];
                    }
                }
                assertThat(seen[j]).isEqualTo(sum != null);
                if (sum != null) {
                    assertThat(sums[j]).isEqualTo(sum.doubleValue()); // bit for bit: the same additions in the same order
                    assertThat(combined[j].item()).isEqualTo(sum.doubleValue());
                } else {
                    assertThat(combined[j]).isNull();
                }
                j++;
            }
        }
    }
}

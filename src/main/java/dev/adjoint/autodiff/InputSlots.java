package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The repeated-inputs bookkeeping of one node that uses an input in several slots ({@code x * x},
 * {@code a / a}, a sum of {@code x} 300 000 times): which distinct input (producer) each operand
 * slot reads, and which slots each distinct input fills. Built once per graph, with the graph
 * ({@link Graph#repeatedInputs}), for the nodes with repeated inputs only; in any other node slot i
 * is distinct input i.
 *
 * <p>Every reader goes through this one table: the reverse sweep sums a repeated input's slot
 * products with {@link #combine(Tensor[])} (tensors) or {@link #combine(double[], boolean[], boolean[])}
 * (scalars), the trace sums the printed and numeric partials over {@link #slots(int)} with the same
 * {@code combine}, and the non-finite-gradient warning names the input's first slot. The sums are
 * added in slot order everywhere, so the trace's terms add up to exactly the sweep's adjoints.
 */
final class InputSlots {

    /** The distinct inputs in order of first use. */
    final int[] distinct;
    /** For each operand slot, the position in {@link #distinct} of the input it reads. */
    private final int[] target;
    /** For each distinct input (by position), the slots it fills, in slot order. */
    private final int[][] slots;

    private InputSlots(int[] distinct, int[] target, int[][] slots) {
        this.distinct = distinct;
        this.target = target;
        this.slots = slots;
    }

    /** The table for a node with inputs {@code in}, or null when no input repeats (the common case, kept allocation-free). */
    static InputSlots ofRepeated(int[] in) {
        if (in.length < 2 || in.length == 2 && in[0] != in[1] || in.length <= 8 && !repeats(in)) {
            return null;
        }
        int[] distinct = new int[in.length];
        int[] target = new int[in.length];
        int[] fills = new int[in.length];
        Map<Integer, Integer> position = in.length > 8 ? new HashMap<>(2 * in.length) : null; // a sum of 300 000 slots stays linear
        int count = 0;
        for (int i = 0; i < in.length; i++) {
            int j = position != null ? position.getOrDefault(in[i], -1) : positionOf(distinct, count, in[i]);
            if (j < 0) {
                j = count++;
                distinct[j] = in[i];
                if (position != null) {
                    position.put(in[i], j);
                }
            }
            target[i] = j;
            fills[j]++;
        }
        if (count == in.length) {
            return null;
        }
        int[][] slots = new int[count][];
        for (int j = 0; j < count; j++) {
            slots[j] = new int[fills[j]];
            fills[j] = 0;
        }
        for (int i = 0; i < in.length; i++) {
            int j = target[i];
            slots[j][fills[j]++] = i;
        }
        return new InputSlots(Arrays.copyOf(distinct, count), target, slots);
    }

    /** Whether some input fills two slots: a short list is checked without allocating. */
    private static boolean repeats(int[] in) {
        for (int i = 1; i < in.length; i++) {
            for (int j = 0; j < i; j++) {
                if (in[i] == in[j]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where {@code input} is among the first {@code count} distinct inputs, or -1. */
    private static int positionOf(int[] distinct, int count, int input) {
        for (int j = 0; j < count; j++) {
            if (distinct[j] == input) {
                return j;
            }
        }
        return -1;
    }

    /** The slots the distinct input at {@code position} fills, in slot order. */
    int[] slots(int position) {
        return slots[position];
    }

    /** Per distinct input, the sum of its slots' tensors, added in slot order; null where every slot is null. */
    Tensor[] combine(Tensor[] perSlot) {
        Tensor[] combined = new Tensor[distinct.length];
        for (int i = 0; i < perSlot.length; i++) {
            if (perSlot[i] != null) {
                int j = target[i];
                combined[j] = combined[j] == null ? perSlot[i] : combined[j].plus(perSlot[i]);
            }
        }
        return combined;
    }

    /**
     * Per distinct input, the sum of its slots' numbers where {@code present}, added in slot order;
     * {@code present[j]} says afterwards whether input j had any.
     */
    double[] combine(double[] perSlot, boolean[] slotPresent, boolean[] present) {
        double[] sums = new double[distinct.length];
        for (int i = 0; i < perSlot.length; i++) {
            if (slotPresent == null || slotPresent[i]) {
                int j = target[i];
                sums[j] = present[j] ? sums[j] + perSlot[i] : perSlot[i];
                present[j] = true;
            }
        }
        return sums;
    }
}

package dev.adjoint.expression;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** "Did you mean" has a bounded cost: few lookups, each with a capped amount of comparison. */
class SuggestionCostTest {

    private static Set<String> bindings(int n) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            names.add("v" + i);
        }
        return names;
    }

    @Test
    void manyUnknownWrtNamesAreListedUpToACapAndCountedAfterIt() {
        List<String> wrt = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            wrt.add("w" + i);
        }
        wrt.add("v1"); // a bound name among them still counts
        NotComputableException e = catchThrowableOfType(
                () -> Run.COMPILER.expression("v0 + v1", bindings(10_000), wrt), NotComputableException.class);
        assertThat(e.diagnostics()).hasSize(ExpressionCompiler.MAX_WRT_DIAGNOSTICS + 1);
        assertThat(e.diagnostics().get(0).path()).isEqualTo("wrt[0]");
        assertThat(e.diagnostics().get(0).suggestion()).isEqualTo("v0"); // "w0" is one edit from "v0"
        Diagnostic last = e.diagnostics().get(ExpressionCompiler.MAX_WRT_DIAGNOSTICS);
        assertThat(last.path()).isEqualTo("wrt");
        assertThat(last.message()).startsWith((100_000 - ExpressionCompiler.MAX_WRT_DIAGNOSTICS) + " more wrt names");
    }

    @Test
    void aLookupStopsAfterItsCellBudgetButStillFindsNearNamesFirst() {
        List<String> candidates = new ArrayList<>();
        candidates.add("alpha1");
        for (int i = 0; i < 500_000; i++) {
            candidates.add(String.format("q%05d", i)); // same length as the name: each would be compared
        }
        assertThat(Suggestions.closest("alpah1", candidates)).isEqualTo("alpha1");
        // a near name far beyond the budget is not reached: the search gave up instead of running on
        candidates.add("zzzzz1");
        assertThat(Suggestions.closest("zzzzz2", candidates)).isNull();
        // names whose length is too far off cost nothing and are never compared
        assertThat(Suggestions.closest("zzzzzzzzzz", candidates)).isNull();
    }
}

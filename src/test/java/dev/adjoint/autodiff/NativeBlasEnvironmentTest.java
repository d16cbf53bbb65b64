package dev.adjoint.autodiff;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NativeBlas} adds OpenBLAS's idle-thread timeout to the C library's environment before the
 * library loads: the variable is there (with the operator's value if the process was started with one),
 * and every variable the process started with is still there with its value.
 */
class NativeBlasEnvironmentTest {

    /** The C library's environment, read through {@code environ} as getenv reads it. */
    private static Map<String, String> nativeEnvironment() {
        Pointer environ = Loader.addressof("environ");
        PointerPointer<?> entries = new PointerPointer<>(new PointerPointer<>(environ).get(0));
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; entries.get(i) != null; i++) {
            String entry = new BytePointer(entries.get(i)).getString();
            int equals = entry.indexOf('=');
            variables.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1)); // getenv takes the first
        }
        return variables;
    }

    @Test
    void theTimeoutIsInTheEnvironmentOpenBlasReadsAndNothingElseChanged() {
        assertThat(NativeBlas.AVAILABLE).as("OpenBLAS loads on this platform (the jar bundles linux-x86_64)").isTrue();
        Map<String, String> variables = nativeEnvironment();
        String started = System.getenv(NativeBlas.THREAD_TIMEOUT);
        assertThat(variables.get(NativeBlas.THREAD_TIMEOUT)).isEqualTo(started != null ? started : NativeBlas.QUIET_TIMEOUT);
        assertThat(variables).containsAllEntriesOf(System.getenv());
        assertThat(variables).hasSize(System.getenv().size() + (started != null ? 0 : 1));
    }
}

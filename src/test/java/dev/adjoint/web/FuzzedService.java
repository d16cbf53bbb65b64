package dev.adjoint.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The service as the fuzz tests see it: the whole application behind MockMvc (filters, the strict
 * JSON reader, the controllers, the problem handler), with limits small enough that every input is
 * answered in milliseconds and a few megabytes. One set of properties, so the fuzz tests share one
 * Spring context in a JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "adjoint.limits.max-body-bytes=65536",
        "adjoint.limits.max-expression-length=4096",
        "adjoint.limits.max-depth=64",
        "adjoint.limits.max-nodes=2000",
        "adjoint.limits.max-bindings=64",
        "adjoint.limits.max-parameters=4096",
        "adjoint.limits.max-examples=32",
        "adjoint.limits.max-training-work=200000",
        "adjoint.limits.max-verified-elements=8",
        "adjoint.limits.max-batch-items=8",
        "adjoint.limits.max-drawn-nodes=24",
        "adjoint.limits.max-recorded-losses=200",
        // a 500 is a finding and is rethrown with its stack trace; the error log adds nothing
        "logging.level.dev.adjoint.web=OFF",
        "logging.level.org.springframework.web=OFF"})
// MockMvc would otherwise keep every request and answer of a fuzzing run (one JUnit invocation) in
// memory, to print them all if it fails
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@interface FuzzedService {
}

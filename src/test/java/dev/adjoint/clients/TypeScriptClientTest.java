package dev.adjoint.clients;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript client of {@code examples/clients/typescript} works as its README says: {@code npm ci}
 * installs the pinned openapi-typescript, openapi-fetch and TypeScript, a client is generated from
 * {@code docs/openapi.json}, {@code tsc --strict} compiles the example, and Node runs it against this
 * server. Its answers for the lecture note's Example 1, Example 2 and a check are compared here with
 * the conformance cases. Needs node and npm: it runs in the client-tests profile, active wherever
 * /usr/bin/npm exists ({@code .ci/run} installs it), so it never skips silently.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TypeScriptClientTest {

    static final ClientProcess NPM = new ClientProcess(java.nio.file.Path.of("examples", "clients", "typescript"));

    @LocalServerPort
    int port;

    private static boolean built;

    /** npm ci, the client generated from docs/openapi.json, type-checked with --strict and compiled: once per run. */
    static synchronized void build() throws Exception {
        if (built) {
            return;
        }
        NPM.run(600, "npm", "ci", "--no-audit", "--no-fund");
        NPM.run(120, "npm", "run", "generate");
        String typecheck = NPM.run(300, "npx", "tsc", "--strict", "--noEmit");
        assertThat(typecheck).doesNotContain("error TS");
        NPM.run(300, "npm", "run", "build");
        built = true;
    }

    @Test
    void theGeneratedClientCompilesStrictlyAndAnswersTheNotesExamples() throws Exception {
        build();

        ClientProcess.Result run = NPM.result(120, "node", "dist/example.js", "http://127.0.0.1:" + port);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).doesNotContain("MISMATCH")
                .contains("OK: example 1, example 2 and the check agree with the known answers");
        Map<String, JsonNode> calls = ClientProcess.calls(run.output());
        assertThat(calls).containsOnlyKeys("example1", "example2", "check");
        Conformance.assertExampleOne(calls.get("example1"));
        Conformance.assertExampleTwo(calls.get("example2"));
        Conformance.assertCheck(calls.get("check"));
    }

    @Test
    void theExampleFailsLoudlyWithoutAServer() throws Exception {
        build();
        // port 1 (tcpmux) is not listened on: the first call fails, and so does the example
        ClientProcess.Result run = NPM.result(120, "node", "dist/example.js", "http://127.0.0.1:1");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).doesNotContain("OK:");
        assertThat(List.of(run.output().split("\n"))).noneMatch(line -> line.startsWith("{\"call\""));
    }
}

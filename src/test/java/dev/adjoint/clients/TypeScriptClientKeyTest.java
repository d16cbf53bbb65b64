package dev.adjoint.clients;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript example against a server that requires API keys: with ADJOINT_API_KEY set it sends
 * the key as X-API-Key and gets the same answers; without it the first call is a 401 and the example
 * exits non-zero. Runs where {@link TypeScriptClientTest} runs (profile client-tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "adjoint.security.api-keys=" + TypeScriptClientKeyTest.KEY)
class TypeScriptClientKeyTest {

    static final String KEY = "ts-client-test-key";

    @LocalServerPort
    int port;

    @Test
    void theExampleSendsTheKeyFromTheEnvironment() throws Exception {
        TypeScriptClientTest.build();
        String base = "http://127.0.0.1:" + port;

        ClientProcess.Result withKey = TypeScriptClientTest.NPM.result(120, Map.of("ADJOINT_API_KEY", KEY), "node", "dist/example.js", base);
        assertThat(withKey.exitCode()).as(withKey.output()).isZero();
        Conformance.assertExampleOne(ClientProcess.calls(withKey.output()).get("example1"));

        ClientProcess.Result withoutKey = TypeScriptClientTest.NPM.result(120, Map.of(), "node", "dist/example.js", base);
        assertThat(withoutKey.exitCode()).isNotZero();
        assertThat(withoutKey.output()).contains("HTTP 401").contains("X-API-Key").doesNotContain("OK:");
    }
}

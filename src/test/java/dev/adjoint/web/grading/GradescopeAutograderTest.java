package dev.adjoint.web.grading;

import dev.adjoint.web.Json;
import dev.adjoint.web.Schemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Gradescope autograder (examples/gradescope/run_autograder) run as written, by bash,
 * against this server on a random port, in a directory laid out as Gradescope lays out /autograder.
 * It needs bash and curl, as it does on Gradescope (.ci/run installs curl where it is missing).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GradescopeAutograderTest {

    private static final Path EXAMPLE = Path.of("examples", "gradescope");

    @LocalServerPort
    int port;

    @TempDir
    Path root;

    @Test
    void theExampleSubmissionIsGradedIntoAValidResultsFile() throws Exception {
        layOut(Files.readString(EXAMPLE.resolve("answers.json")));
        String results = runAutograder();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, results)).isEmpty();
        JsonNode r = Json.parse(results);
        // gradient.x (a formula, 2 points) and gradient.z (2) are right; nodes.b.gradient has the note's slip as a formula
        assertThat(r.get("score").asDouble()).isEqualTo(4.0);
        Map<String, JsonNode> tests = new HashMap<>();
        r.get("tests").forEach(t -> tests.put(t.get("name").asString(), t));
        assertThat(tests.get("gradient.x").get("status").asString()).isEqualTo("passed");
        assertThat(tests.get("gradient.x").get("max_score").asDouble()).isEqualTo(2.0);
        assertThat(tests.get("nodes.b.gradient").get("status").asString()).isEqualTo("failed");
        assertThat(tests.get("nodes.b.gradient").get("output").asString()).startsWith("not-equivalent")
                .contains("local-derivative-wrong").contains("term from e"); // the formula's value at the bindings is the note's slip
    }

    @Test
    void noAnswersFileIsAZeroWithAMessage() throws Exception {
        layOut(null);
        String results = runAutograder();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, results)).isEmpty();
        JsonNode r = Json.parse(results);
        assertThat(r.get("score").asDouble()).isZero();
        assertThat(r.get("output").asString()).contains("answers.json").contains("\"gradient\"");
    }

    @Test
    void answersThatAreNotJsonAreAZeroWithTheServicesReason() throws Exception {
        layOut("{\"gradient\": {\"x\": 2*x}}");
        String results = runAutograder();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, results)).isEmpty();
        JsonNode r = Json.parse(results);
        assertThat(r.get("score").asDouble()).isZero();
        assertThat(r.get("output").asString()).startsWith("answers.json is not valid JSON").contains("line").contains("column");
    }

    @Test
    void anAnswerTheServiceRejectsIsAZeroWithItsDetail() throws Exception {
        layOut("{}");
        String results = runAutograder();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, results)).isEmpty();
        JsonNode r = Json.parse(results);
        assertThat(r.get("score").asDouble()).isZero();
        assertThat(r.get("output").asString()).startsWith("answers.json could not be graded (HTTP 400): the submission has nothing to check");
    }

    @Test
    void theReadmeShowsTheScriptThatIsTested() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("```bash\n" + Files.readString(EXAMPLE.resolve("run_autograder")) + "```");
    }

    private void layOut(String answers) throws IOException {
        Files.createDirectories(root.resolve("source"));
        Files.createDirectories(root.resolve("submission"));
        Files.copy(EXAMPLE.resolve("problem.json"), root.resolve("source/problem.json"));
        if (answers != null) {
            Files.writeString(root.resolve("submission/answers.json"), answers);
        }
    }

    private String runAutograder() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", EXAMPLE.resolve("run_autograder").toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("stdout").toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("ADJOINT_URL", "http://127.0.0.1:" + port);
        Process p = pb.start();
        boolean finished = p.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String stdout = Files.readString(root.resolve("stdout"), StandardCharsets.UTF_8);
        assertThat(finished).as("run_autograder finished; its output: %s", stdout).isTrue();
        assertThat(p.exitValue()).as("run_autograder's exit status; its output: %s", stdout).isZero();
        Path results = root.resolve("results/results.json");
        assertThat(results).as("results.json written; run_autograder's output: %s", stdout).exists();
        return Files.readString(results, StandardCharsets.UTF_8);
    }
}

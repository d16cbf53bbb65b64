package dev.adjoint.web.expressions;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tensor requests a client gets wrong (API.md section 5): every shape error is a 422 that names
 * both shapes, the operator and where it is written; bad indices, axes and outputs likewise; lists
 * that are not vectors or matrices are 400s naming the binding and the row; sizes over the
 * configured limits are 413s naming the limit, before anything is allocated.
 */
@SpringBootTest(properties = {"adjoint.limits.max-binding-elements=100", "adjoint.limits.max-node-elements=400",
        "adjoint.limits.max-graph-elements=2000"})
@AutoConfigureMockMvc
class TensorErrorsTest {

    private static final String GRADIENT = "/api/v1/expressions/gradient";

    @Autowired
    MockMvc mvc;

    @Test
    void innerSizesThatDifferNameBothShapesTheOperatorAndItsPlace() throws Exception {
        JsonNode error = shapeError(Map.of("program", "z1 = sigmoid(x)\nu2 = alpha2' @ z1",
                "bindings", Map.of("x", new double[5], "alpha2", new double[4][3])));
        assertThat(error.get("message").asString()).isEqualTo("alpha2' @ z1: [3, 4] @ [5] — the inner sizes differ (4 vs 5)");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(14);
    }

    @Test
    void aMatrixProductWithAScalarSaysToUseTimes() throws Exception {
        JsonNode error = shapeError(Map.of("expression", "sum(A @ s)", "bindings", Map.of("A", new double[2][2], "s", 2)));
        assertThat(error.get("message").asString()).isEqualTo("A @ s: [2, 2] @ [] — @ multiplies vectors and matrices; multiply by a scalar with *");
        assertThat(error.get("position").asInt()).isEqualTo(6);
    }

    @Test
    void vectorsOfDifferentLengthsDoNotBroadcast() throws Exception {
        JsonNode error = shapeError(Map.of("expression", "sum(u + v)", "bindings", Map.of("u", new double[3], "v", new double[4])));
        assertThat(error.get("message").asString()).startsWith("u + v: [3] + [4] — the shapes differ");
        assertThat(error.get("column").asInt()).isEqualTo(7);
    }

    @Test
    void aVectorBroadcastsOverRowsOnlyWhenItsLengthIsTheColumnCount() throws Exception {
        JsonNode error = shapeError(Map.of("expression", "sum(A * v)", "bindings", Map.of("A", new double[2][3], "v", new double[2])));
        assertThat(error.get("message").asString()).isEqualTo("A * v: [2, 3] * [2] — a vector broadcasts over a matrix's rows"
                + " only when its length is the number of columns (2 vs 3)");
        assertThat(error.get("position").asInt()).isEqualTo(6);
    }

    @Test
    void dotOuterSoftmaxAndLiteralsCheckTheirShapes() throws Exception {
        Map<String, Object> bindings = Map.of("u", new double[3], "v", new double[4], "A", new double[2][2], "s", 1);
        assertThat(shapeError(Map.of("expression", "dot(u, v)", "bindings", bindings)).get("message").asString())
                .isEqualTo("dot(u, v): dot([3], [4]) — dot takes two vectors of one length");
        assertThat(shapeError(Map.of("expression", "sum(outer(A, u))", "bindings", bindings)).get("message").asString())
                .isEqualTo("outer(A, u): outer([2, 2], [3]) — outer takes two vectors");
        assertThat(shapeError(Map.of("expression", "softmax(s)", "bindings", bindings)).get("message").asString())
                .startsWith("softmax(s): softmax of a scalar []");
        JsonNode literal = shapeError(Map.of("expression", "sum([s, u])", "bindings", bindings));
        assertThat(literal.get("message").asString()).isEqualTo("[s, u]: a literal's elements must be all numbers or all vectors"
                + " of one length; here they are [], [3]");
        assertThat(literal.get("position").asInt()).isEqualTo(4);
        assertThat(shapeError(Map.of("expression", "sum(sum(u, 1))", "bindings", bindings)).get("message").asString())
                .isEqualTo("sum(u, 1): sum along axis 1 of [3] — a vector has only axis 0");
    }

    @Test
    void anIndexOutOfRangeIsNamedWithItsPlace() throws Exception {
        JsonNode error = shapeError(Map.of("expression", "A[2, 0]", "bindings", Map.of("A", new double[2][3])));
        assertThat(error.get("message").asString()).isEqualTo("A[2, 0]: index 2 is out of range for [2, 3] (rows 0 to 1)");
        assertThat(error.get("position").asInt()).isEqualTo(1);
    }

    @Test
    void anIndexMustBeAWholeNumberLiteral() throws Exception {
        for (String text : new String[] {"v[1.5]", "v[i]", "v[1 + 1]"}) {
            JsonNode error = error(Map.of("expression", text, "bindings", Map.of("v", new double[3], "i", 1)), "bad-index");
            assertThat(error.get("position").asInt()).as(text).isEqualTo(2);
            assertThat(error.get("message").asString()).as(text).contains("whole number written as a literal");
        }
    }

    @Test
    void anAxisIsZeroOrOneWrittenAsANumber() throws Exception {
        JsonNode two = error(Map.of("expression", "sum(sum(A, 2))", "bindings", Map.of("A", new double[2][2])), "bad-axis");
        assertThat(two.get("position").asInt()).isEqualTo(11);
        JsonNode named = error(Map.of("expression", "sum(sum(A, k))", "bindings", Map.of("A", new double[2][2], "k", 0)), "bad-axis");
        assertThat(named.get("position").asInt()).isEqualTo(4);
    }

    @Test
    void anOutputWithSeveralElementsSaysToSumItOrAskForTheJacobian() throws Exception {
        JsonNode expression = error(Map.of("expression", "2 * x", "bindings", Map.of("x", new double[3])), "output-not-scalar");
        assertThat(expression.get("message").asString()).contains("[3]").contains("sum it").contains("/expressions/jacobian");
        assertThat(expression.get("position").asInt()).isEqualTo(0);
        JsonNode program = error(Map.of("program", "a = 1\nz = a * x", "bindings", Map.of("x", new double[2][2])), "output-not-scalar");
        assertThat(program.get("line").asInt()).isEqualTo(2);
        assertThat(program.get("column").asInt()).isEqualTo(1);
    }

    @Test
    void raggedEmptyAndDeepListsAre400sNamingTheBindingAndTheRow() throws Exception {
        assertBadBinding("{\"A\": [[1, 2, 3], [4, 5]]}", "bindings.A[1]", "row 1 of A has 2 numbers but row 0 has 3");
        assertBadBinding("{\"v\": []}", "bindings.v", "v is an empty list");
        assertBadBinding("{\"A\": [[1], []]}", "bindings.A[1]", "row 1 of A is empty");
        assertBadBinding("{\"T\": [[[1, 2]], [[3, 4]]]}", "bindings.T[0]", "T nests lists more than two deep");
        assertBadBinding("{\"M\": [[1, 2], 3]}", "bindings.M[1]", "M mixes lists and numbers");
        assertBadBinding("{\"w\": [1, \"two\"]}", "bindings.w[1]", "should be a number");
    }

    @Test
    void aTensorBindingReadsNonFiniteStrings() throws Exception {
        MvcResult r = post("{\"expression\": \"sum(v)\", \"bindings\": {\"v\": [1, \"Infinity\"]}}");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(Json.parse(r.getResponse().getContentAsString()).get("value").asString()).isEqualTo("Infinity");
    }

    @Test
    void limitsOnElementsAre413sNamingTheLimit() throws Exception {
        JsonNode binding = problem(post("{\"expression\": \"sum(v)\", \"bindings\": {\"v\": " + java.util.Arrays.toString(new int[101]) + "}}"), 413);
        assertThat(binding.get("name").asString()).isEqualTo("bindingElements");
        assertThat(binding.get("limit").asLong()).isEqualTo(100);
        assertThat(binding.get("actual").asLong()).isEqualTo(101);

        JsonNode node = problem(post(Json.write(Map.of("expression", "sum(outer(u, u))", "bindings", Map.of("u", new double[30])))), 413);
        assertThat(node.get("name").asString()).isEqualTo("nodeElements");
        assertThat(node.get("actual").asLong()).isEqualTo(900);

        String many = "sum(" + String.join(" + ", java.util.stream.IntStream.range(1, 30).mapToObj(i -> "x * " + i).toList()) + ")";
        JsonNode graph = problem(post(Json.write(Map.of("expression", many, "bindings", Map.of("x", new double[100])))), 413);
        assertThat(graph.get("name").asString()).isEqualTo("graphElements");
        assertThat(graph.get("limit").asLong()).isEqualTo(2000);
    }

    private void assertBadBinding(String bindings, String path, String message) throws Exception {
        JsonNode p = problem(post("{\"expression\": \"1\", \"bindings\": " + bindings + "}"), 400);
        assertThat(p.get("type").asString()).endsWith("/invalid-request");
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo(path);
        assertThat(error.get("message").asString()).contains(message);
    }

    private JsonNode shapeError(Map<String, Object> body) throws Exception {
        return error(body, "shape-mismatch");
    }

    private JsonNode error(Map<String, Object> body, String code) throws Exception {
        JsonNode p = problem(post(Json.write(body)), 422);
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("code").asString()).as(p.toString()).isEqualTo(code);
        assertThat(error.has("position") || error.has("path")).isTrue();
        return error;
    }

    private MvcResult post(String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(GRADIENT)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode problem(MvcResult result, int status) throws Exception {
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        return Json.parse(body);
    }
}

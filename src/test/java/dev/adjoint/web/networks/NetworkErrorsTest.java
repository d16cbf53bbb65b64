package dev.adjoint.web.networks;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Every network validation error names the layer or example and the dimension at fault. */
@SpringBootTest(properties = {"adjoint.limits.max-parameters=50", "adjoint.limits.max-examples=3", "adjoint.limits.max-training-work=100000"})
@AutoConfigureMockMvc
class NetworkErrorsTest {

    @Autowired
    MockMvc mvc;

    private static final String TWO_LAYERS = "\"layers\": [{\"weights\": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], \"activation\": \"sigmoid\"},"
            + " {\"weights\": [[0.7], [0.8]], \"bias\": [0.1], \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\"";

    @Test
    void theApiExampleAnswers() throws Exception {
        MvcResult r = gradient("{" + TWO_LAYERS + ", \"example\": {\"x\": [1.0, 2.0, 3.0], \"y\": 1}}");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode body = Json.parse(r.getResponse().getContentAsString());
        assertThat(body.get("gradients").get("layers").get(1).get("bias").size()).isEqualTo(1);
        assertThat(body.get("gradients").get("layers").get(0).has("bias")).isFalse();
        assertThat(body.get("nodes").get(0).get("id").asString()).isEqualTo("x");
        assertThat(body.get("nodes").get(0).get("value").size()).isEqualTo(3); // one example: a vector, not a row
    }

    @Test
    void mismatchedShapesNameTheLayer() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], \"activation\": \"sigmoid\"},"
                + " {\"weights\": [[0.7], [0.8], [0.9]], \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\","
                + " \"example\": {\"x\": [1, 2, 3], \"y\": 1}}";
        JsonNode error = firstError(gradient(body));
        assertThat(error.get("path").asString()).isEqualTo("layers[1].weights");
        assertThat(error.get("message").asString()).contains("layers[0] has 2 outputs");
    }

    @Test
    void raggedMatrixNamesTheRow() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2], [0.3]], \"activation\": \"sigmoid\"}], \"loss\": \"squared_error\","
                + " \"example\": {\"x\": [1, 2], \"y\": [1, 0]}}";
        assertThat(firstError(gradient(body)).get("path").asString()).isEqualTo("layers[0].weights[1]");
    }

    @Test
    void biasOfTheWrongLength() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2]], \"bias\": [1, 2, 3], \"activation\": \"sigmoid\"}], \"loss\": \"squared_error\","
                + " \"example\": {\"x\": [1], \"y\": [1, 0]}}";
        JsonNode error = firstError(gradient(body));
        assertThat(error.get("path").asString()).isEqualTo("layers[0].bias");
        assertThat(error.get("message").asString()).contains("3 values").contains("2 outputs");
    }

    @Test
    void classIndexOutOfRange() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2, 0.3]], \"activation\": \"softmax\"}], \"loss\": \"cross_entropy\","
                + " \"examples\": [{\"x\": [1], \"y\": 0}, {\"x\": [2], \"y\": 3}]}";
        JsonNode error = firstError(gradient(body));
        assertThat(error.get("path").asString()).isEqualTo("examples[1].y");
        assertThat(error.get("message").asString()).contains("0 to 2");
    }

    @Test
    void binaryCrossEntropyNeedsOneOutput() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2]], \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\","
                + " \"example\": {\"x\": [1], \"y\": 1}}";
        JsonNode error = firstError(gradient(body));
        assertThat(error.get("path").asString()).isEqualTo("loss");
        assertThat(error.get("message").asString()).contains("single output").contains("2");
    }

    @Test
    void unknownActivationAndLossAreBothListed() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1]], \"activation\": \"sigmod\"}], \"loss\": \"hinge\", \"example\": {\"x\": [1], \"y\": 1}}";
        MvcResult r = gradient(body);
        JsonNode errors = problem(r).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("path").asString()).isEqualTo("loss");
        assertThat(errors.get(1).get("path").asString()).isEqualTo("layers[0].activation");
        assertThat(errors.get(1).get("message").asString()).contains("sigmoid, tanh, relu, linear, softmax");
    }

    @Test
    void missingOrNullWeightsAreNamedNotAServerError() throws Exception {
        for (String layer : new String[] {"{\"weights\": null, \"activation\": \"sigmoid\"}", "{\"activation\": \"sigmoid\"}"}) {
            JsonNode error = firstError(gradient("{\"layers\": [" + layer + "], \"loss\": \"binary_cross_entropy\", \"example\": {\"x\": [1], \"y\": 1}}"));
            assertThat(error.get("path").asString()).isEqualTo("layers[0].weights");
        }
        JsonNode nullRow = firstError(gradient("{\"layers\": [{\"weights\": [[0.1], null], \"activation\": \"sigmoid\"}],"
                + " \"loss\": \"binary_cross_entropy\", \"example\": {\"x\": [1, 2], \"y\": 1}}"));
        assertThat(nullRow.get("path").asString()).isEqualTo("layers[0].weights[1]");
        assertThat(nullRow.get("message").asString()).contains("is null");
    }

    @Test
    void aSaturatedSigmoidWithBinaryCrossEntropyIsFiniteAsInPyTorch() throws Exception {
        MvcResult r = gradient("{\"layers\": [{\"weights\": [[40]], \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\","
                + " \"example\": {\"x\": [1.0], \"y\": 0}}");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode body = Json.parse(r.getResponse().getContentAsString());
        assertThat(body.get("loss").asDouble()).isEqualTo(100.0); // log(1 - 1.0) clamped at -100
        assertThat(body.get("gradients").get("layers").get(0).get("weights").get(0).get(0).isNumber()).isTrue();
    }

    @Test
    void aStringIsNotAListOfNumbersNorAFractionAWholeNumber() throws Exception {
        MvcResult base64 = gradient("{" + TWO_LAYERS + ", \"example\": {\"x\": \"P/AAAAAAAABAAAAAAAAAAEAIAAAAAAAA\", \"y\": 1}}");
        assertThat(base64.getResponse().getStatus()).isEqualTo(400);
        MvcResult fraction = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON).content("{" + TWO_LAYERS
                + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}], \"learningRate\": 0.1, \"epochs\": 2.5}")).andReturn();
        assertThat(fraction.getResponse().getStatus()).isEqualTo(400);
        assertThat(Json.parse(fraction.getResponse().getContentAsString()).get("path").asString()).isEqualTo("epochs");
    }

    @Test
    void noLayers() throws Exception {
        JsonNode error = firstError(gradient("{\"layers\": [], \"loss\": \"squared_error\", \"example\": {\"x\": [1], \"y\": 1}}"));
        assertThat(error.get("path").asString()).isEqualTo("layers");
    }

    @Test
    void inputOfTheWrongLength() throws Exception {
        JsonNode error = firstError(gradient("{" + TWO_LAYERS + ", \"example\": {\"x\": [1.0, 2.0], \"y\": 1}}"));
        assertThat(error.get("path").asString()).isEqualTo("example.x");
        assertThat(error.get("message").asString()).contains("3 inputs");
    }

    @Test
    void everyProblemOfARequestIsListedTogether() throws Exception {
        String body = "{\"layers\": [{\"weights\": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], \"activation\": \"sigmoidal\"},"
                + " null, {\"weights\": [[0.7], [0.8]], \"bias\": [0.1, 0.2], \"activation\": \"sigmoid\"}], \"loss\": \"hinge\","
                + " \"examples\": [{\"x\": [1.0, 2.0], \"y\": 1}, {\"x\": [1.0, 2.0, 3.0], \"y\": \"one\"}, {\"x\": [1.0], \"y\": 0}]}";
        JsonNode errors = problem(gradient(body)).get("errors");
        java.util.List<String> paths = new java.util.ArrayList<>();
        errors.forEach(e -> paths.add(e.get("path").asString()));
        // a bad loss no longer hides a bad x: the names, the shapes and every example, each once
        assertThat(paths).containsExactlyInAnyOrder("loss", "layers[0].activation", "layers[1]", "layers[2].bias",
                "examples[0].x", "examples[1].y", "examples[2].x");
    }

    @Test
    void exampleAndExamplesTogetherIsAConflict() throws Exception {
        MvcResult r = gradient("{" + TWO_LAYERS + ", \"example\": {\"x\": [1, 2, 3], \"y\": 1}, \"examples\": []}");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(Json.parse(r.getResponse().getContentAsString()).get("errors").get(0).get("path").asString()).isEqualTo("examples");
    }

    @Test
    void tooManyParametersIs413BeforeComputing() throws Exception {
        StringBuilder row = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            row.append(i == 0 ? "" : ",").append("0.1");
        }
        row.append("]");
        MvcResult r = gradient("{\"layers\": [{\"weights\": [" + row + "], \"activation\": \"linear\"}], \"loss\": \"squared_error\","
                + " \"example\": {\"x\": [1], \"y\": 1}}");
        assertThat(r.getResponse().getStatus()).isEqualTo(413);
        JsonNode p = Json.parse(r.getResponse().getContentAsString());
        assertThat(p.get("name").asString()).isEqualTo("parameters");
        assertThat(p.get("limit").asLong()).isEqualTo(50);
        assertThat(p.get("actual").asLong()).isEqualTo(60);
    }

    @Test
    void tooManyExamplesIs413() throws Exception {
        String ex = "{\"x\": [1, 2, 3], \"y\": 1}";
        MvcResult r = gradient("{" + TWO_LAYERS + ", \"examples\": [" + String.join(",", ex, ex, ex, ex) + "]}");
        assertThat(r.getResponse().getStatus()).isEqualTo(413);
        assertThat(Json.parse(r.getResponse().getContentAsString()).get("name").asString()).isEqualTo("examples");
    }

    @Test
    void trainingOverTheWorkLimitIs413() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON).content("{" + TWO_LAYERS
                + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}], \"learningRate\": 0.1, \"epochs\": 1000}")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(413);
        assertThat(Json.parse(r.getResponse().getContentAsString()).get("name").asString()).isEqualTo("trainingWork");
    }

    @Test
    void trainingAnswersTheSameBitsTwice() throws Exception {
        String body = "{" + TWO_LAYERS + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}, {\"x\": [-1, 0, 2], \"y\": 0}],"
                + " \"learningRate\": 0.5, \"epochs\": 20, \"batchSize\": 1, \"order\": \"shuffled\", \"seed\": 3, \"recordSteps\": true}";
        String first = train(body);
        String second = train(body);
        assertThat(second).isEqualTo(first);
        JsonNode r = Json.parse(first);
        assertThat(r.get("steps").asInt()).isEqualTo(40);
        assertThat(r.get("stepLosses").size()).isEqualTo(40);
        assertThat(r.get("epochLosses").get(19).asDouble()).isLessThan(r.get("epochLosses").get(0).asDouble());
        assertThat(r.get("layers").get(1).get("bias").size()).isEqualTo(1);
    }

    @Test
    void trainingWithoutRateOrEpochsNamesThem() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON)
                .content("{" + TWO_LAYERS + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}], \"order\": \"random\"}")).andReturn();
        JsonNode errors = problem(r).get("errors");
        assertThat(errors).extracting(e -> e.get("path").asString()).containsExactly("learningRate", "epochs", "order");
    }

    /** The plan's problems (Trainer's) used to wait until the network had none; now one answer lists both. */
    @Test
    void trainingListsThePlansProblemsWithTheNetworks() throws Exception {
        String body = "{" + TWO_LAYERS.replace("\"binary_cross_entropy\"", "\"xx\"")
                + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}], \"learningRate\": 0, \"epochs\": -1, \"batchSize\": 0}";
        assertThat(body).contains("\"loss\": \"xx\"");
        for (MediaType accept : List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)) {
            MvcResult r = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON).accept(accept).content(body)).andReturn();
            assertThat(problem(r).get("errors")).as(accept.toString()).extracting(e -> e.get("path").asString())
                    .containsExactlyInAnyOrder("loss", "learningRate", "epochs", "batchSize");
        }
        // a missing field is named once, and the present ones are still checked
        MvcResult missing = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON)
                .content("{" + TWO_LAYERS + ", \"examples\": [{\"x\": [1, 2, 3], \"y\": 1}], \"epochs\": -1}")).andReturn();
        assertThat(problem(missing).get("errors")).extracting(e -> e.get("path").asString()).containsExactly("learningRate", "epochs");
    }

    /** What README says is not listed together: a value of the wrong JSON type stops the reading, so it is the one problem named. */
    @Test
    void aJsonTypeErrorIsA400NamingThatOneProblem() throws Exception {
        String body = "{" + TWO_LAYERS.replace("\"activation\": \"sigmoid\"}, {", "\"activation\": 7}, {").replace("\"binary_cross_entropy\"", "\"xx\"")
                + ", \"example\": {\"x\": [1, 2, 3], \"y\": 1}}";
        assertThat(body).contains("\"activation\": 7");
        MvcResult r = gradient(body);
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(400);
        JsonNode p = Json.parse(r.getResponse().getContentAsString());
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/malformed-body");
        assertThat(p.get("path").asString()).isEqualTo("layers[0].activation");
        assertThat(p.has("errors") ? p.get("errors").size() : 1).isEqualTo(1);
    }

    @Test
    void checkListsTheToleranceProblemsWithTheNetworks() throws Exception {
        String body = "{" + TWO_LAYERS.replace("\"binary_cross_entropy\"", "\"xx\"") + ", \"example\": {\"x\": [1, 2, 3], \"y\": 1},"
                + " \"submission\": {\"loss\": 0.2}, \"tolerance\": {\"relative\": -1, \"absolute\": -0.5}}";
        MvcResult r = mvc.perform(post("/api/v1/networks/check").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(problem(r).get("errors")).extracting(e -> e.get("path").asString())
                .containsExactlyInAnyOrder("loss", "tolerance.relative", "tolerance.absolute");
    }

    private String train(String body) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/networks/train").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return r.getResponse().getContentAsString();
    }

    private MvcResult gradient(String body) throws Exception {
        return mvc.perform(post("/api/v1/networks/gradient").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode problem(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode p = Json.parse(r.getResponse().getContentAsString());
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/not-computable");
        return p;
    }

    private static JsonNode firstError(MvcResult r) throws Exception {
        return problem(r).get("errors").get(0);
    }
}

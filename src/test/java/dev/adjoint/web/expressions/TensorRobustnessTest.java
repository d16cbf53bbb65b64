package dev.adjoint.web.expressions;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Random token soup from the tensor language (seeded), against bindings of every rank: whatever the
 * text, the answer is a result or a problem a client can act on (400, 413, 422), never a 500.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TensorRobustnessTest {

    private static final String[] TOKENS = {"A", "B", "v", "u", "s", "A'", "v'", "@", "*", "+", "-", "/", "^", "(", ")", "[", "]", ",",
        "'", "0", "1", "2", "1.5", "sum(", "mean(", "dot(", "outer(", "norm(", "softmax(", "log_softmax(", "logsumexp(",
        "transpose(", "relu(", "exp(", "log(", "A[1]", "v[0]", "A[1, 2]", "v[7]", "sum(A, 0)", "sum(A, 1)", "[s, 1]", "[[1, 2], [3, 4]]"};

    @Autowired
    MockMvc mvc;

    @Test
    void randomTensorTextNeverGivesA500() throws Exception {
        Random random = new Random(11);
        Map<String, Object> bindings = Map.of("A", new double[][] {{1, -2, 3}, {0.5, 0, -1}}, "B", new double[][] {{1, 2}, {3, 4}, {5, 6}},
                "v", new double[] {1, -1, 2}, "u", new double[] {0, 3}, "s", 0.7);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(9);
            for (int k = 0; k < n; k++) {
                text.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextBoolean() ? " " : "");
            }
            String expression = random.nextInt(3) == 0 ? "sum(" + text + ")" : text.toString();
            MvcResult r = mvc.perform(post("/api/v1/expressions/gradient").contentType(MediaType.APPLICATION_JSON)
                    .content(Json.write(Map.of("expression", expression, "bindings", bindings)))).andReturn();
            int status = r.getResponse().getStatus();
            assertThat(status).as(expression + " -> " + r.getResponse().getContentAsString()).isIn(200, 400, 413, 422);
            statuses.add(status);
        }
        assertThat(Set.copyOf(statuses)).as("the soup reaches results, syntax errors and shape errors").contains(200, 400, 422);
    }
}

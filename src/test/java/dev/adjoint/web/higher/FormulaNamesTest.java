package dev.adjoint.web.higher;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import static dev.adjoint.web.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A derivative formula's program names its shared parts; those names are the formula's own and must
 * not be any name of the request, or the formula, sent back with the same bindings, would mean
 * something else. Default limits (the same application context as the other default-config tests).
 */
@SpringBootTest
@AutoConfigureMockMvc
class FormulaNamesTest {

    private static final String BASE = "/api/v1/expressions/";

    @Autowired
    MockMvc mvc;

    @Test
    void aFormulasOwnNamesNeverMeetTheRequestsSoSentBackItMeansTheDerivative() throws Exception {
        // The user's program takes t1..t9 (t1 = x * 1 and t7 = t6 * 1 vanish when simplified, so their
        // names are free in the gradient graph), a binding t10 is unused and wrt names t11. A formula
        // line may keep a name of the user's program only for the same value; a binding's name, or a
        // user's name for another value, would make the formula, sent back with the same bindings,
        // mean something else.
        String program = "t1 = x * 1\\nt2 = sin(t1) * z\\nt3 = t2 * t2\\nt4 = t3 + x\\nt5 = t4 * t11"
                + "\\nt6 = t5 + t2\\nt7 = t6 * 1\\nt8 = t7 / z\\nt9 = t8 * t8";
        String bindings = "\"bindings\": {\"x\": 0.7, \"z\": 1.3, \"t11\": 0.4, \"t10\": 5}";
        String request = "{\"program\": \"" + program + "\", " + bindings + ", \"wrt\": [\"x\", \"z\", \"t11\"]";
        JsonNode d = ok(post("derivative", request + ", \"order\": 2}"));
        JsonNode original = ok(post("gradient", request + "}"));
        JsonNode hessian = ok(post("hessian", request + "}")).get("hessian");
        java.util.Map<String, Double> userValues = new java.util.HashMap<>();
        original.get("nodes").forEach(n -> userValues.put(n.get("id").asString(), n.get("value").asDouble()));
        String[] wrt = {"x", "z", "t11"};
        for (int i = 0; i < wrt.length; i++) {
            sentBack(d.get("derivatives").get(wrt[i]).get("program").asString(), bindings, userValues,
                    original.get("gradient").get(wrt[i]).asDouble());
            for (int j = 0; j < wrt.length; j++) {
                sentBack(d.get("second").get(wrt[i]).get(wrt[j]).get("program").asString(), bindings, userValues,
                        hessian.get(i).get(j).asDouble());
            }
        }
    }

    /** Sends {@code formula} back as a program with {@code bindings}: its value is {@code want}, and each line named as a node of the user's program has that node's value. */
    private void sentBack(String formula, String bindings, java.util.Map<String, Double> userValues, double want) throws Exception {
        JsonNode back = ok(post("gradient", "{\"program\": " + Json.write(formula) + ", " + bindings + "}"));
        assertThat(back.get("value").asDouble()).as(formula).isCloseTo(want, within(1e-10 + 1e-9 * Math.abs(want)));
        for (String line : formula.lines().toList()) {
            String name = line.substring(0, line.indexOf(" = "));
            assertThat(name).as(formula).isNotIn("x", "z", "t10", "t11");
            if (userValues.containsKey(name)) {
                double value = back.get("nodes").valueStream().filter(n -> n.get("id").asString().equals(name)).findFirst().orElseThrow().get("value").asDouble();
                assertThat(value).as(name + " in\n" + formula).isCloseTo(userValues.get(name), within(1e-12 + 1e-12 * Math.abs(value)));
            }
        }
    }

    private MvcResult post(String endpoint, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(BASE + endpoint)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }
}

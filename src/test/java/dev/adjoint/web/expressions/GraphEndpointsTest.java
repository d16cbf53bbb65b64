package dev.adjoint.web.expressions;

import dev.adjoint.web.Json;
import dev.adjoint.web.platform.OpenApiExamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The graph pictures: SVG is well-formed XML with every node, its value and gradient; DOT and Mermaid carry the same. */
@SpringBootTest(properties = "adjoint.limits.max-drawn-nodes=20")
@AutoConfigureMockMvc
class GraphEndpointsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void svgOfExampleOneHasEveryNodeWithItsValueAndGradientAndEveryEdgeItsPartial() throws Exception {
        MvcResult r = graph("/api/v1/expressions/graph", OpenApiExamples.EXAMPLE_1_PROGRAM, GraphPictures.SVG);
        assertThat(r.getResponse().getContentType()).isEqualTo(GraphPictures.SVG);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        Map<String, String> boxes = new HashMap<>();
        NodeList groups = svg.getElementsByTagName("g");
        int edges = 0;
        String edgeToEFromB = null;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").startsWith("node")) {
                boxes.put(g.getAttribute("data-id"), g.getTextContent());
            } else if (g.getAttribute("class").equals("edge")) {
                edges++;
                if (g.getAttribute("data-from").equals("b") && g.getAttribute("data-to").equals("e")) {
                    edgeToEFromB = g.getTextContent();
                }
            }
        }
        JsonNode answer = gradientOf(OpenApiExamples.EXAMPLE_1_PROGRAM);
        assertThat(boxes).hasSize(answer.get("nodes").size());
        for (JsonNode n : answer.get("nodes")) {
            String text = boxes.get(n.get("id").asString());
            assertThat(text).as(n.get("id").asString()).isNotNull();
            assertThat(text).contains(GraphPictures.format(n.get("value").asDouble()));
            assertThat(text).contains(GraphPictures.format(n.get("gradient").asDouble()));
        }
        assertThat(boxes.get("b")).contains("b = log(x)").contains("-12.36");
        assertThat(edges).isEqualTo(12); // a: x,z; b: x; c: b; d: a; e: a,b; f: c,a; y: d,e,f
        assertThat(edgeToEFromB).isEqualTo("-a / b^2");
    }

    @Test
    void dotAndMermaidCarryTheSameNodesAndValues() throws Exception {
        String dot = graph("/api/v1/expressions/graph", OpenApiExamples.EXAMPLE_1_PROGRAM, GraphPictures.DOT).getResponse().getContentAsString();
        assertThat(dot).startsWith("digraph").contains("rankdir=LR").contains("\"b\" -> \"e\" [label=\"-a / b^2\"]");
        String mermaid = graph("/api/v1/expressions/graph", OpenApiExamples.EXAMPLE_1_PROGRAM, MediaType.TEXT_PLAIN_VALUE)
                .getResponse().getContentAsString();
        assertThat(mermaid).startsWith("flowchart LR");
        for (JsonNode n : gradientOf(OpenApiExamples.EXAMPLE_1_PROGRAM).get("nodes")) {
            String value = GraphPictures.format(n.get("value").asDouble());
            assertThat(dot).contains("\"" + n.get("id").asString() + "\"").contains(value);
            assertThat(mermaid).contains(value);
        }
        MvcResult m = graph("/api/v1/expressions/graph", OpenApiExamples.EXAMPLE_1_PROGRAM, GraphPictures.MERMAID);
        assertThat(m.getResponse().getContentType()).isEqualTo(GraphPictures.MERMAID);
    }

    @Test
    void networkGraphIsLayerLevelWithShapes() throws Exception {
        MvcResult r = graph("/api/v1/networks/graph", OpenApiExamples.EXAMPLE_2, GraphPictures.SVG);
        String svg = r.getResponse().getContentAsString();
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        for (String id : new String[] {"x", "W1", "u1", "z1", "W2", "u2", "z2", "W3", "u3", "z3", "y", "J"}) {
            assertThat(svg).contains("data-id=\"" + id + "\"");
        }
        assertThat(svg).contains("shape [3 x 4]").contains("shape [4]").contains("value 0.88746");
        assertThat(svg.split("class=\"node").length - 1).isEqualTo(12);
    }

    @Test
    void aGraphOverTheDrawingLimitIs413AndJsonIsNotAPicture() throws Exception {
        StringBuilder e = new StringBuilder("x");
        for (int i = 0; i < 30; i++) {
            e.append(" * sin(x + ").append(i).append(")");
        }
        MvcResult big = graph("/api/v1/expressions/graph", "{\"expression\": \"" + e + "\", \"bindings\": {\"x\": 1}}", GraphPictures.SVG);
        assertThat(big.getResponse().getStatus()).isEqualTo(413);
        assertThat(Json.parse(big.getResponse().getContentAsString()).get("name").asString()).isEqualTo("drawnNodes");
        MvcResult json = graph("/api/v1/expressions/graph", OpenApiExamples.EXAMPLE_1_EXPRESSION, MediaType.APPLICATION_JSON_VALUE);
        assertThat(json.getResponse().getStatus()).isEqualTo(406);
    }

    private JsonNode gradientOf(String body) throws Exception {
        return Json.parse(mvc.perform(post("/api/v1/expressions/gradient").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse().getContentAsString());
    }

    private MvcResult graph(String path, String body, String accept) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).accept(accept).content(body)).andReturn();
    }
}

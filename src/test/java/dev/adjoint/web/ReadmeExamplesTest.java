package dev.adjoint.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The README's examples are what the service answers: every {@code curl} in it is sent as written,
 * and every value the text after it quotes is compared with the answer. A quoted value is a
 * {@code `field` value} pair (a number, or JSON in backticks) naming a field of the answer, or a
 * {@code json} block: an excerpt that must match the answer or one of its parts (an entry of
 * {@code backward}, say). "With {@code `"field": value`} it answers ..." resends the request with
 * that field added and checks what follows against that answer.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ReadmeExamplesTest {

    private static final Pattern INLINE = Pattern.compile("`(\\w+)`\\s+(-?\\d[\\d.eE+-]*\\d|-?\\d|`[^`]+`)");
    private static final Pattern WITH = Pattern.compile("With `\"(\\w+)\": ([^`]+)`");
    private static final Pattern HEADER = Pattern.compile("-H '([^:']+):\\s*([^']*)'");
    private static final String QUOTE = "'\"'\"'"; // how a shell single-quoted string writes a '
    /** After a curl, the status it answers when that is not 200 (the README's error examples). */
    private static final Pattern STATUS = Pattern.compile("<!-- status (\\d{3}) -->");

    @Autowired
    MockMvc mvc;

    /** One curl of the README and the text after it, up to the next curl. */
    record Example(String command, List<String> after) {
    }

    @Test
    void everyCurlAnswersAndEveryQuotedValueIsTheServicesOwn() throws Exception {
        List<Example> examples = examples(Files.readAllLines(Path.of("README.md")));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        int checked = 0;
        for (Example example : examples) {
            checked += check(example);
        }
        // value, gradient, the backward entry, hessian's variables, hessian and hvp, the instance, the errors: at least these
        assertThat(checked).isGreaterThanOrEqualTo(10);
        // the error examples (syntax problems listed together, unbound names, a network's problems) are among them
        assertThat(examples).filteredOn(e -> STATUS.matcher(String.join("\n", e.after())).find()).hasSizeGreaterThanOrEqualTo(3);
    }

    private int check(Example example) throws Exception {
        String command = example.command().replace(QUOTE, "\u0000");
        String path = command.substring(command.indexOf("localhost:8080") + "localhost:8080".length()).split("\\s")[0];
        int d = command.indexOf("-d '");
        assertThat(d).as(command).isPositive();
        int end = command.indexOf('\'', d + 4);
        String body = command.substring(d + 4, end).replace('\u0000', '\'');
        MockHttpServletRequestBuilder request = post(path).content(body);
        String accept = MediaType.APPLICATION_JSON_VALUE;
        Matcher header = HEADER.matcher(command);
        while (header.find()) {
            request.header(header.group(1), header.group(2));
            if (header.group(1).equalsIgnoreCase("Accept")) {
                accept = header.group(2);
            }
        }
        Matcher status = STATUS.matcher(String.join("\n", example.after()));
        int expectedStatus = status.find() ? Integer.parseInt(status.group(1)) : 200;
        MvcResult result = mvc.perform(request).andReturn();
        String answer = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(path + " " + body + "\n" + answer).isEqualTo(expectedStatus);
        if (expectedStatus != 200) {
            accept = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
        }
        assertThat(result.getResponse().getContentType()).as(path).startsWith(accept);
        if (!accept.equals(MediaType.APPLICATION_JSON_VALUE) && !accept.equals(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            return 0;
        }
        JsonNode response = Json.parse(answer);
        int checked = 0;
        StringBuilder prose = new StringBuilder();
        boolean inJson = false;
        StringBuilder json = new StringBuilder();
        for (String line : example.after()) {
            if (line.startsWith("```json")) {
                inJson = true;
                json.setLength(0);
            } else if (inJson && line.startsWith("```")) {
                inJson = false;
                JsonNode excerpt = Json.parse(json.toString());
                assertThat(somewhereIn(excerpt, response)).as(path + ": the README quotes\n" + excerpt + "\nbut the answer is\n" + answer).isTrue();
                checked++;
            } else if (inJson) {
                json.append(line).append('\n');
            } else {
                prose.append(line).append('\n');
            }
        }
        String text = prose.toString();
        Matcher with = WITH.matcher(text);
        String before = text;
        String after = null;
        JsonNode modified = null;
        if (with.find()) {
            before = text.substring(0, with.start());
            after = text.substring(with.end());
            ObjectNode changed = (ObjectNode) Json.parse(body);
            changed.set(with.group(1), Json.parse(with.group(2)));
            MvcResult again = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(changed.toString())).andReturn();
            assertThat(again.getResponse().getStatus()).isEqualTo(200);
            modified = Json.parse(again.getResponse().getContentAsString());
        }
        checked += inline(before, response, path);
        if (after != null) {
            checked += inline(after, modified, path + " with " + with.group(1));
        }
        return checked;
    }

    /** The {@code `field` value} quotes of {@code text} that name a field of the answer, each compared with it. */
    private static int inline(String text, JsonNode response, String what) {
        int checked = 0;
        Matcher m = INLINE.matcher(text);
        while (m.find()) {
            String field = m.group(1);
            String quoted = m.group(2).startsWith("`") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            JsonNode value;
            try {
                value = Json.parse(quoted);
            } catch (RuntimeException notJson) {
                continue; // a word in backticks (`passed`), not a value
            }
            if (!response.has(field)) {
                continue; // a field of the request or of another answer, not this one's
            }
            assertThat(matches(value, response.get(field))).as(what + ": the README says `" + field + "` is " + quoted
                    + " but the answer has " + response.get(field)).isTrue();
            checked++;
        }
        return checked;
    }

    /** True when the excerpt matches the node or any node inside it. */
    private static boolean somewhereIn(JsonNode excerpt, JsonNode node) {
        if (matches(excerpt, node)) {
            return true;
        }
        for (JsonNode child : node) {
            if (child.isContainer() && somewhereIn(excerpt, child)) {
                return true;
            }
        }
        return false;
    }

    /** Objects match on the excerpt's fields, lists element by element, numbers as doubles, the rest exactly. */
    private static boolean matches(JsonNode excerpt, JsonNode actual) {
        if (actual == null) {
            return false;
        }
        if (excerpt.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (var field : excerpt.properties()) {
                if (!matches(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (excerpt.isArray()) {
            if (!actual.isArray() || actual.size() != excerpt.size()) {
                return false;
            }
            for (int i = 0; i < excerpt.size(); i++) {
                if (!matches(excerpt.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (excerpt.isNumber()) {
            return actual.isNumber() && excerpt.asDouble() == actual.asDouble();
        }
        return excerpt.equals(actual);
    }

    /** The README's curl blocks (fenced, {@code curl -s localhost:8080/...}) and the lines after each. */
    private static List<Example> examples(List<String> lines) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```") || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("curl -s localhost:8080/")) {
                continue;
            }
            StringBuilder command = new StringBuilder();
            int j = i + 1;
            for (; !lines.get(j).startsWith("```"); j++) {
                String line = lines.get(j);
                command.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(line.endsWith("\\") ? " " : "\n");
            }
            int k = j + 1;
            List<String> after = new ArrayList<>();
            for (; k < lines.size(); k++) {
                if (lines.get(k).startsWith("```") && k + 1 < lines.size() && lines.get(k + 1).startsWith("curl -s localhost:8080/")
                        || lines.get(k).startsWith("## ")) {
                    break;
                }
                after.add(lines.get(k));
            }
            examples.add(new Example(command.toString(), after));
            i = j;
        }
        return examples;
    }
}

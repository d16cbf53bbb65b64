package dev.adjoint.clients;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a client example's commands (npm, node, ...) in its directory, bounded in time, with stdout and stderr together. */
final class ClientProcess {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Result(int exitCode, String output) {
    }

    private final Path directory;

    ClientProcess(Path directory) {
        this.directory = directory;
    }

    /** Runs the command and returns its output; a non-zero exit or a timeout fails with the output. */
    String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Result result = result(timeoutSeconds, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    Result result(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return result(timeoutSeconds, Map.of(), command);
    }

    /** The command with these environment variables added. */
    Result result(long timeoutSeconds, Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-process", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The example's {@code {"call": name, ...}} lines by name. */
    static Map<String, JsonNode> calls(String output) {
        Map<String, JsonNode> calls = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{\"call\"")) {
                JsonNode call = JSON.readTree(line);
                calls.put(call.path("call").asString(), call);
            }
        }
        return calls;
    }
}

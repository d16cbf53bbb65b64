package dev.adjoint;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What keeps one request from taking every replica down (issue 10): an OutOfMemoryError exits the
 * JVM wherever it runs, and nginx never sends a request that reached a replica to another one.
 * These files are not compiled, so a test reads them.
 */
class DeploymentConfigTest {

    @Test
    void nginxRetriesOnlyRequestsNoReplicaHasSeenAndAtMostOnce() throws Exception {
        String conf = Files.readString(Path.of("deploy/nginx/nginx.conf"));
        List<String> retry = directive(conf, "proxy_next_upstream");
        assertThat(retry).as("proxy_next_upstream").isNotEmpty();
        for (String r : retry) {
            assertThat(r).doesNotContain("non_idempotent").doesNotContain("http_50");
        }
        for (String tries : directive(conf, "proxy_next_upstream_tries")) {
            assertThat(Integer.parseInt(tries.trim())).isBetween(1, 2);
        }
        assertThat(directive(conf, "proxy_request_buffering")).containsExactly("on");
    }

    @Test
    void anOutOfMemoryErrorExitsTheJvmInTheRunCommandAndTheImage() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher run = Pattern.compile("<spring-boot\\.run\\.jvmArguments>([^<]*)</spring-boot\\.run\\.jvmArguments>").matcher(pom);
        assertThat(run.find()).as("spring-boot.run.jvmArguments in the pom").isTrue();
        assertThat(run.group(1)).contains("-XX:+ExitOnOutOfMemoryError");
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher env = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(env.find()).as("JAVA_TOOL_OPTIONS in the Dockerfile").isTrue();
        assertThat(env.group(1)).contains("-XX:+ExitOnOutOfMemoryError");
    }

    /** README "Memory" and "Start-up": the same collector and initial heap in the run command and the image. */
    @Test
    void theRunCommandAndTheImageKeepTheHeapSmallAndTheImageSharesItsClasses() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher run = Pattern.compile("<spring-boot\\.run\\.jvmArguments>([^<]*)</spring-boot\\.run\\.jvmArguments>").matcher(pom);
        assertThat(run.find()).isTrue();
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher env = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(env.find()).isTrue();
        for (String options : List.of(run.group(1), env.group(1))) {
            assertThat(options.split(" ")).contains("-XX:+UseSerialGC", "-Xms64m");
        }
        // The archive the training run writes is the one the entrypoint maps, for the jar it runs.
        Matcher training = Pattern.compile("RUN java -XX:ArchiveClassesAtExit=(\\S+) .*-Dspring\\.context\\.exit=onRefresh -jar (\\S+)").matcher(dockerfile);
        assertThat(training.find()).as("the training run in the Dockerfile").isTrue();
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=" + training.group(1) + "\", \"-jar\", \""
                + training.group(2) + "\"]");
        assertThat(dockerfile.indexOf("ENV JAVA_TOOL_OPTIONS")).as("training with the run's options").isLessThan(training.start());
    }

    /**
     * README "Start-up": the image and scripts/cds.sh start from Spring's build-time bean definitions,
     * and train their class archive the same way (an archive of the other path's classes misses a part).
     * The build makes them (process-aot); AotProcessedJarIT starts the jar that way.
     */
    @Test
    void theImageAndTheCdsScriptStartAndTrainWithTheAotProcessedContext() throws Exception {
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<goal>process-aot</goal>");
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher env = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(env.find()).isTrue();
        assertThat(env.group(1).split(" ")).contains("-Dspring.aot.enabled=true");
        String cds = Files.readString(Path.of("scripts/cds.sh"));
        assertThat(cds).contains("AOT_FLAG=-Dspring.aot.enabled=${AOT:-true}");
        Matcher training = Pattern.compile("(?m)^java -XX:ArchiveClassesAtExit=.*$").matcher(cds);
        assertThat(training.find()).as("the training run in cds.sh").isTrue();
        assertThat(training.group()).contains("\"$AOT_FLAG\"");
    }

    /** The arguments of every occurrence of an nginx directive (comments dropped). */
    private static List<String> directive(String conf, String name) {
        String code = conf.replaceAll("(?m)#.*$", "");
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + "\\s+([^;]*);").matcher(code);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found;
    }
}

# syntax=docker/dockerfile:1
# Adjoint: build with the Maven wrapper, run the layered jar on a JRE as a non-root user.
#   docker build -t adjoint .        (README "Deployment"; docker compose up builds it too)

# ---- build ---------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

# Dependencies first, in their own layer: a change under src/ does not download them again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline

# The whole context (see .dockerignore); .git, when present, puts the commit into /actuator/info.
# The jar is extracted by layer as a plain jar with its libraries beside it (no launcher): class data
# sharing (below) can archive classes from jar files on the class path, not from nested jars.
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && cp target/adjoint-*.jar adjoint.jar \
 && java -Djarmode=tools -jar adjoint.jar extract --layers --destination /build/extracted

# JavaCPP unpacks OpenBLAS (about 100 MB) on first use. Unpack it here, into the directory the
# runtime points JavaCPP at, so a container writes nothing there and every replica starts warm.
RUN CP="$(ls /build/extracted/dependencies/lib/javacpp-*.jar /build/extracted/dependencies/lib/openblas-*.jar | tr '\n' ':')" \
 && echo 'org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas.class);' \
    | jshell -q -R-Dorg.bytedeco.javacpp.cachedir=/build/javacpp-cache --class-path "$CP" \
 && test -n "$(find /build/javacpp-cache -name 'libjniopenblas.so')"

# ---- run -----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 adjoint \
 && useradd --system --uid 10001 --gid adjoint --home-dir /app --shell /usr/sbin/nologin adjoint
WORKDIR /app

# One layer per Spring Boot layer, least often changed first: a code change rebuilds only the last
# (and the class archive after it).
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build --chown=adjoint:adjoint /build/javacpp-cache/ /app/javacpp-cache/
COPY --from=build /build/extracted/application/ ./

# Memory (README "Memory"): the serial collector (no concurrent GC threads or remembered sets; the
# JVM picks it by itself in a container of one CPU) and a 64 MB initial heap that grows only when
# the live set needs it, so a replica answering small requests stays near 250 MB resident; the heap
# may still grow to 70% of the container's memory limit for one large request, leaving the rest for
# OpenBLAS buffers, thread stacks, metaspace and the class archive. Out of memory exits, so the
# orchestrator restarts a clean replica (readiness has gone down before, while the heap was over 90%
# full after GC: README "Operations").
#
# Start-up (README "Start-up"): -Dspring.aot.enabled=true starts the context from the bean definitions
# that Spring's AOT processing (process-aot, in the package above) worked out at build time, instead of
# parsing configuration classes and evaluating auto-configuration conditions in every replica. Those
# conditions are then fixed as the build saw them (README "Start-up" lists the properties concerned);
# the service's own properties and the environment of compose and k8s still apply at run time. To start
# without it: docker run -e JDK_JAVA_OPTIONS=-Dspring.aot.enabled=false ... (read after these options).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m -XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/app/javacpp-cache -Dspring.aot.enabled=true" \
    SERVER_PORT=8080

# Start-up (README "Start-up"): a training run starts the application context and exits
# (spring.context.exit=onRefresh), archiving every class it loaded; each replica then maps them from
# adjoint.jsa instead of reading, verifying and linking them again (Java 17's AppCDS; about half the
# start-up CPU time, BENCHMARKS.md). Made with this image's JVM, these jar paths and the options above
# (AOT included, so it archives the classes the AOT start loads), as CDS requires.
RUN java -XX:ArchiveClassesAtExit=adjoint.jsa -Xlog:cds=error -Dspring.context.exit=onRefresh -jar adjoint.jar \
 && test -s adjoint.jsa

USER 10001:10001
EXPOSE 8080

# Readiness over plain bash (the JRE image need not have curl): UP once the context is started,
# DOWN while shutting down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

# exec form: java is PID 1 and gets SIGTERM directly, so graceful shutdown runs.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=adjoint.jsa", "-jar", "adjoint.jar"]

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
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/adjoint-*.jar extract --layers --launcher --destination /build/extracted

# JavaCPP unpacks OpenBLAS (about 100 MB) on first use. Unpack it here, into the directory the
# runtime points JavaCPP at, so a container writes nothing there and every replica starts warm.
RUN CP="$(ls /build/extracted/dependencies/BOOT-INF/lib/javacpp-*.jar /build/extracted/dependencies/BOOT-INF/lib/openblas-*.jar | tr '\n' ':')" \
 && echo 'org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas.class);' \
    | jshell -q -R-Dorg.bytedeco.javacpp.cachedir=/build/javacpp-cache --class-path "$CP" \
 && test -n "$(find /build/javacpp-cache -name 'libjniopenblas.so')"

# ---- run -----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 adjoint \
 && useradd --system --uid 10001 --gid adjoint --home-dir /app --shell /usr/sbin/nologin adjoint
WORKDIR /app

# One layer per Spring Boot layer, least often changed first: a code change rebuilds only the last.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build --chown=adjoint:adjoint /build/javacpp-cache/ /app/javacpp-cache/
COPY --from=build /build/extracted/application/ ./

USER 10001:10001
EXPOSE 8080

# The JVM sizes its heap from the container's memory limit; 70% leaves room for OpenBLAS buffers,
# thread stacks and metaspace. Out of memory exits, so the orchestrator restarts a clean replica
# (readiness has gone down before, while the heap was over 90% full after GC: README "Operations").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/app/javacpp-cache" \
    SERVER_PORT=8080

# Readiness over plain bash (the JRE image need not have curl): UP once the context is started,
# DOWN while shutting down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

# exec form: java is PID 1 and gets SIGTERM directly, so graceful shutdown runs.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

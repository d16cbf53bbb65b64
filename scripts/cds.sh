#!/usr/bin/env bash
# Class data sharing for a jar run outside the image (README "Start-up"; the Dockerfile does the same):
# extract the built jar into target/app (adjoint.jar with its libraries beside it, as CDS needs: it
# cannot archive classes from the nested jars of the fat jar), then one training run that starts the
# application context and exits (spring.context.exit=onRefresh), writing the classes it loaded to
# target/app/adjoint.jsa. The training run, like the run, uses Spring's build-time bean definitions
# (process-aot, -Dspring.aot.enabled=true), so the archive holds the classes that path loads. Then:
#
#   java -XX:SharedArchiveFile=target/app/adjoint.jsa -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError -Dspring.aot.enabled=true -jar target/app/adjoint.jar
#
# AOT=false scripts/cds.sh trains without them, for a run without -Dspring.aot.enabled=true (README
# "Start-up" lists what AOT fixes at build time). The archive is tied to this JVM build and to these
# jar files: rerun after every package. It records the jar as target/app/adjoint.jar, relative to the
# repository root: start the run from there (from elsewhere the JVM prints "Unable to use shared
# archive" and starts without it, as slowly as the fat jar).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls target/adjoint-*.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || { echo "no jar in target/; run ./mvnw -B -DskipTests package first" >&2; exit 2; }
rm -rf target/app
java -Djarmode=tools -jar "$JAR" extract --destination target/app.tmp > /dev/null
mv target/app.tmp target/app
mv target/app/"$(basename "$JAR")" target/app/adjoint.jar
# The same GC as the run (the archive's heap layout assumptions are checked at start-up).
AOT_FLAG=-Dspring.aot.enabled=${AOT:-true}
java -XX:ArchiveClassesAtExit=target/app/adjoint.jsa -XX:+UseSerialGC -Xms64m "$AOT_FLAG" -Dspring.context.exit=onRefresh \
  -Xlog:cds=error -jar target/app/adjoint.jar --server.port=0 --server.address=127.0.0.1 > target/app/training.log 2>&1 \
  || { echo "the training run failed; see target/app/training.log" >&2; exit 1; }
echo "target/app/adjoint.jsa: $(du -m target/app/adjoint.jsa | cut -f1) MB"
echo "run: java -XX:SharedArchiveFile=target/app/adjoint.jsa -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError $AOT_FLAG -jar target/app/adjoint.jar"

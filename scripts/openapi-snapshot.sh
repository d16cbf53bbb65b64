#!/usr/bin/env bash
# Regenerates docs/openapi.json from the document the service serves at /v3/api-docs, in the canonical
# form of src/test/java/dev/adjoint/web/OpenApiSnapshot.java (no servers, keys sorted, pretty-printed).
# Run it after changing anything the document shows (endpoints, request or answer records, their
# annotations) and commit the file with the change; the generated clients in examples/clients are
# built from it.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot.write=true -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.regression.skip=true
git diff --stat -- docs/openapi.json 2>/dev/null || true

#!/usr/bin/env bash
# Training benchmarks: start latency of a trivial job and channel staging against cp -r.
#   bench/training.sh [latency|staging|all] [--reps 10] [--warmups 2] [--files 2000] [--mib 2048] [--stage-reps 3]
# Results: bench/results/training-<what>.md (and stdout). Needs a JDK 21+ in JAVA_HOME and ~6 GiB free under /tmp.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# The benchmarks drive the server with the test-scoped AWS SDK, so they run from the test classpath.
./mvnw -B -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
classpath="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")"
exec "${JAVA_HOME:-/usr}/bin/java" -Dsagebox.bench.dir="$ROOT/bench" -cp "$classpath" \
  dev.sagebox.bench.training.TrainingBench "$@"

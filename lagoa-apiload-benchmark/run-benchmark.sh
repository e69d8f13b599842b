#!/usr/bin/env bash
# Builds the API loader and this harness, then runs the API load benchmark. Arguments go to ApiLoadBenchmark, e.g.
#   lagoa-apiload-benchmark/run-benchmark.sh --records 1000000 --work /tmp/lagoa-abench
# See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests package -pl lagoa-apiload-benchmark -am
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx${BENCH_XMX:-512m} \
  -cp "lagoa-apiload-benchmark/target/lagoa-apiload-benchmark-0.1.0-SNAPSHOT.jar:lagoa-apiload-benchmark/target/lib/*" \
  dev.lagoa.benchmarks.apiload.ApiLoadBenchmark "$@"

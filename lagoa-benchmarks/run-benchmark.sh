#!/usr/bin/env bash
# Builds lagoa-jobs and lagoa-benchmarks, then runs the diff benchmark. Arguments go to DiffBenchmark, e.g.
#   lagoa-benchmarks/run-benchmark.sh --records 100000,1000000 --work /tmp/lagoa-bench --repeat 1
# See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests package -pl lagoa-benchmarks -am
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The harness itself only generates data, starts the engines and reads /proc: a small heap is enough.
exec "$java" -Xmx1g \
  -cp "lagoa-benchmarks/target/lagoa-benchmarks-0.1.0-SNAPSHOT.jar:lagoa-benchmarks/target/lib/*" \
  dev.lagoa.benchmarks.DiffBenchmark --lagoa-jobs "$root/lagoa-jobs/target" "$@"

#!/usr/bin/env bash
# Builds lagoa-jobs and the importau benchmark, then runs it. Arguments go to ImportauBenchmark, e.g.
#   lagoa-importau-benchmark/run-benchmark.sh --scales 1,10 --work /tmp/importau-bench
# See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests package -pl lagoa-jobs,lagoa-importau-benchmark -am
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx256m \
  -cp "lagoa-importau-benchmark/target/lagoa-importau-benchmark-0.1.0-SNAPSHOT.jar:lagoa-importau-benchmark/target/lib/*" \
  dev.lagoa.importau.benchmark.ImportauBenchmark --lagoa-jobs "$root/lagoa-jobs/target" "$@"

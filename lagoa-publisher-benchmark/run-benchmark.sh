#!/usr/bin/env bash
# Builds the distribution (bin/lagoa, the publisher), the embedded broker with Kafka's tools (lagoa-kafka-broker) and
# this harness, then runs the publisher benchmark. Arguments go to PublisherBenchmark, e.g.
#   lagoa-publisher-benchmark/run-benchmark.sh --records 500000,1000000 --work /tmp/lagoa-pbench --jfr lagoa
# See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests package -pl lagoa-publisher-benchmark,lagoa-dist -am
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The harness only generates data, starts the broker and the clients, and reads /proc: a small heap is enough.
exec "$java" -Xmx512m \
  -cp "lagoa-publisher-benchmark/target/lagoa-publisher-benchmark-0.1.0-SNAPSHOT.jar:lagoa-publisher-benchmark/target/lib/*" \
  dev.lagoa.benchmarks.publisher.PublisherBenchmark \
  --lagoa "$root/lagoa-dist/target/lagoa" --kafka-lib "$root/lagoa-kafka-broker/target/lib" "$@"

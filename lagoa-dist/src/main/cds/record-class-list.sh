#!/usr/bin/env bash
# Records cli.classlist, the classes the build archives for the CLI's JVM (lib/cli.jsa, see bin/lagoa): those that
# `lagoa demo` loads in the CLI's JVM on a fresh workspace, which runs every pipeline. Run it from the repository's root
# after `./mvnw -B -DskipTests package -pl lagoa-dist -am` when the CLI's dependencies or code paths have changed much;
# a class missing from the list is only loaded the usual way, and a class in it that no longer exists is skipped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
dist="$root/lagoa-dist/target/lagoa"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
LAGOA_CLI_CLASS_DATA_SHARING=false LAGOA_JAVA_OPTS="-Xmx512m -XX:DumpLoadedClassList=$scratch/classlist" \
  "$dist/bin/lagoa" --home "$scratch/workspace" demo > "$scratch/demo.log" 2>&1 \
  || { echo "lagoa demo failed; its output:" >&2; cat "$scratch/demo.log" >&2; exit 1; }
{
  echo "# The classes the CLI's JVM loads during lagoa demo, archived by the build into lib/cli.jsa (java -Xshare:dump)."
  echo "# Recorded by record-class-list.sh with $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); do not edit by hand."
  grep -v '^#' "$scratch/classlist"
} > "$root/lagoa-dist/src/main/cds/cli.classlist"
echo "Recorded $(grep -vc '^#' "$root/lagoa-dist/src/main/cds/cli.classlist") entries (classes and lambda forms) in lagoa-dist/src/main/cds/cli.classlist"

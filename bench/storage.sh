#!/usr/bin/env bash
# Durable-append benchmark of the storage engine, beside the machine's own ceilings.
#   bench/storage.sh [--seconds 8] [--warmup 3] [--runs 3] [--scenarios a,b,c,...] [--dir DIR]
# Runs on $JAVA_HOME if set, else the newest JDK under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-select.sh
jar=eddy-bench/target/eddy-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find eddy-storage/src eddy-bench/src -newer "$jar" -name '*.java' | head -1)" ]; then
  ./mvnw -q -pl eddy-storage,eddy-bench -am package -DskipTests
fi
dir=target/storage-bench
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--dir" ] && dir=${args[$((i + 1))]}; done
mkdir -p "$dir"
echo "java: $("$JAVA" -version 2>&1 | head -1); data: $dir ($(df -h "$dir" | awk 'NR==2 {print $1", "$4" free"}'))" >&2
exec "$JAVA" -Xms1g -Xmx1g -cp "$jar" dev.eddy.bench.storage.StorageBenchmark --dir "$dir" "$@"

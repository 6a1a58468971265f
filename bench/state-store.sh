#!/usr/bin/env bash
# How the tables' state is kept durable, measured: single-item durable writes into the node log (what
# Eddy does), RocksDB (sync writes) and SQLite (WAL, synchronous=FULL), by 1 and by 64 writers.
#   bench/state-store.sh [--seconds 6] [--warmup 2] [--runs 3] [--stores node-log,rocksdb,sqlite]
#                        [--writers 1,64] [--value-size 150] [--dir DIR]
# Runs on $JAVA_HOME if set, else the newest JDK under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-select.sh
jar=eddy-bench/target/eddy-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find eddy-storage/src eddy-bench/src -newer "$jar" -name '*.java' | head -1)" ]; then
  ./mvnw -q -pl eddy-storage,eddy-bench -am package -DskipTests -Dspotless.check.skip=true
fi
dir=target/state-store-bench
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--dir" ] && dir=${args[$((i + 1))]}; done
mkdir -p "$dir"
echo "java: $("$JAVA" -version 2>&1 | head -1); data: $dir ($(df -h "$dir" | awk 'NR==2 {print $1", "$4" free"}'))" >&2
exec "$JAVA" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$jar" dev.eddy.bench.storage.StateStoreBenchmark --dir "$dir" "$@"

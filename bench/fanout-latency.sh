#!/usr/bin/env bash
# SubscribeToShard put→event latency with 1 and 5 consumers on one shard.
#   bench/fanout-latency.sh [--consumers 1,5] [--rate 200] [--seconds 15] [--durability fsync] [--endpoint URL]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-select.sh
jar=eddy-bench/target/eddy-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find eddy-*/src -newer "$jar" -name '*.java' | head -1)" ]; then
  ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl eddy-bench -am install
fi
opts=(-Xms512m -Xmx1g --enable-native-access=ALL-UNNAMED)
[ "$JAVA_VERSION_MAJOR" -ge 23 ] && opts+=(--sun-misc-unsafe-memory-access=allow)
exec "$JAVA" "${opts[@]}" -cp "$jar" dev.eddy.bench.efo.FanOutLatencyBenchmark "$@" 2> >(grep -v "SSL Certificate verification" >&2)

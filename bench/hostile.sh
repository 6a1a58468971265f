#!/usr/bin/env bash
# Hostile input, measured: what slowloris connections, trickled bodies and a flood of idle
# connections cost a well-behaved client (its PutRecord p50/p99 beside a baseline run without
# them), what the largest valid requests cost the server (time, resident memory), and a long
# mutation campaign (every operation of every service, mutated requests; all must be answered).
#   bench/hostile.sh [--seconds 20] [--mutations 20000] [--skip-mutations]
# The server runs with its default timeouts and caps (header 10 s, body 60 s, idle 120 s), durable,
# on a fresh data directory. Runs on $JAVA_HOME if set, else the newest JDK under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-select.sh
seconds=20 mutations=20000 skip_mutations=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --mutations) mutations=$2; shift 2 ;;
    --skip-mutations) skip_mutations=1; shift ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "hostile: unknown option $1" >&2; exit 2 ;;
  esac
done
jar=eddy-bench/target/eddy-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find eddy-*/src -newer "$jar" -name '*.java' | head -1)" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl eddy-bench,eddy-server -am install
fi
export EDDY_NO_BUILD=1
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bin/eddy server --port "$port" --data-dir "$work/data" --limits off --log-level warn >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
  sleep 0.2
done
pid=$server # bin/eddy execs the JVM
"$JAVA" -cp "$jar" dev.eddy.bench.load.AbuseBench --endpoint "http://127.0.0.1:$port" --seconds "$seconds" \
  --server-pid "$pid"
echo
echo "server log: $(wc -l <"$work/server.log") lines, $(grep -c 'WARN\|ERROR' "$work/server.log" || true) warnings or errors"
curl -s "http://127.0.0.1:$port/metrics" | grep '^eddy_connections_server_closed_total' || true
if [ -z "$skip_mutations" ]; then
  ./mvnw -q -B -o test -pl eddy-server -Dtest=MutationCampaignTest -Deddy.mutations="$mutations" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true >"$work/mutations.log" 2>&1 || {
    grep -E 'request [0-9]+:|FAIL' "$work/mutations.log" | head -5
    exit 1
  }
  grep -h 'mutation campaign' eddy-server/target/surefire-reports/*MutationCampaignTest*.xml | head -1 |
    sed 's/.*\(mutation campaign\)/\1/'
fi

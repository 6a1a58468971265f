#!/usr/bin/env bash
# Runs the same load against Eddy, kinesalite and kinesis-mock (the Kinesis scenarios) and Eddy and
# dynalite (the DynamoDB ones), one server after another, and writes docs/benchmarks.md and
# docs/benchmarks.png from the results.
#   bench/compare.sh [--runs 3] [--other-runs 1] [--seconds 8] [--warmup 10]
#                    [--targets eddy,kinesalite,kinesis-mock,dynalite]
#                    [--scenarios put100,put100-wrk,put1k-json,put1k-cbor,put1,put64,get1k,e2e,e2e-efo,ddb-get1,ddb-put1,
#                                 ddb-update1,ddb-get64,ddb-put64,ddb-update64] [--durability fsync]
#                    [--out DIR]
#                    [--runs-for kinesalite=3,dynalite=3]
# --runs is Eddy's runs per scenario, --other-runs the others', --runs-for overrides it per server
# (kinesalite gets 3 by default, as Eddy's ratios to it are targets; kinesis-mock 1, as its
# GetRecords scenario alone takes over ten minutes).
# A run of every target and scenario writes to docs/; a partial one to a new temporary folder
# unless --out says where. The warm-up is long because on two fully loaded cores the JIT
# compilers are still at work five seconds in.
# kinesalite (npm kinesalite), kinesis-mock (npm kinesis-local, its Node.js build) and dynalite
# (npm dynalite, in memory) are installed into bench/.tools on first use, and wrk (the neutral load
# generator of put100-wrk: canned bodies of bench/wrk/make-bodies.py, 32-character random keys,
# 8 connections, bench/wrk/put-records.lua) with apt-get if it is missing; a scenario runs only on
# the servers that speak its API (ddb-* are DynamoDB's, driven by dev.eddy.bench.load.DynamoLoad). Every server listens on 127.0.0.1 with its artificial
# delays off; Eddy runs with --limits off (neither emulator enforces per-shard limits for
# PutRecords at these rates) and the durability given (fsync: acknowledged after fdatasync).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bin/java-select.sh
runs=3 other_runs=1 seconds=8 warmup=10 durability=fsync out="" runs_for=kinesalite=3,dynalite=3
all_targets=eddy,kinesalite,kinesis-mock,dynalite
all_scenarios=put100,put100-wrk,put1k-json,put1k-cbor,put1,put64,get1k,e2e,e2e-efo,ddb-get1,ddb-put1,ddb-update1,ddb-get64,ddb-put64,ddb-update64
targets=$all_targets scenarios=$all_scenarios
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2 ;; --other-runs) other_runs=$2 ;; --seconds) seconds=$2 ;; --warmup) warmup=$2 ;;
    --targets) targets=$2 ;; --scenarios) scenarios=$2 ;; --durability) durability=$2 ;; --out) out=$2 ;;
    --runs-for) runs_for=$2 ;;
    -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "compare: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

jar=eddy-bench/target/eddy-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find eddy-*/src -newer "$jar" -name '*.java' | head -1)" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl eddy-bench,eddy-server -am install
fi
export EDDY_NO_BUILD=1 # the servers run the jar just built, whatever is edited meanwhile
tools=bench/.tools
if [[ ",$targets," == *",kinesalite,"* || ",$targets," == *",kinesis-mock,"* ]] &&
  [ ! -x "$tools/node_modules/.bin/kinesalite" -o ! -f "$tools/node_modules/kinesis-local/main.js" ]; then
  echo "compare: installing kinesalite and kinesis-local into $tools" >&2
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --silent kinesalite@3 kinesis-local@0.6 >/dev/null)
fi
if [[ ",$targets," == *",dynalite,"* ]] && [ ! -f "$tools/node_modules/dynalite/cli.js" ]; then
  echo "compare: installing dynalite into $tools" >&2
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --silent dynalite@4 >/dev/null)
fi

if [[ ",$scenarios," == *",put100-wrk,"* ]] && ! command -v wrk >/dev/null; then
  echo "compare: installing wrk (apt-get)" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null; }
fi

results=$(mktemp -d)/results.jsonl
work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() { # target → sets $endpoint and $startup_ms (launch to first answered request)
  local port t0; port=$(free_port)
  t0=$(date +%s%N)
  endpoint="http://127.0.0.1:$port"
  rm -rf "$work/data"
  case "$1" in
    eddy)
      bin/eddy server --port "$port" --data-dir "$work/data" --limits off --durability "$durability" \
        --log-level warn >"$work/server.log" 2>&1 &
      ;;
    kinesalite)
      node "$tools/node_modules/kinesalite/cli.js" --port "$port" --createStreamMs 0 --deleteStreamMs 0 \
        --updateStreamMs 0 --shardLimit 10000 >"$work/server.log" 2>&1 &
      ;;
    kinesis-mock)
      (cd "$tools/node_modules/kinesis-local" && KINESIS_MOCK_PLAIN_PORT=$port KINESIS_MOCK_TLS_PORT=$(free_port) \
        CREATE_STREAM_DURATION=0ms DELETE_STREAM_DURATION=0ms UPDATE_SHARD_COUNT_DURATION=0ms \
        LOG_LEVEL=ERROR SHARD_LIMIT=10000 exec node main.js) >"$work/server.log" 2>&1 &
      ;;
    dynalite)
      node "$tools/node_modules/dynalite/cli.js" --port "$port" --createTableMs 0 --deleteTableMs 0 \
        --updateTableMs 0 >"$work/server.log" 2>&1 &
      ;;
  esac
  server_pid=$!
  for _ in $(seq 1 3000); do
    if curl -s -o /dev/null -X POST -H 'X-Amz-Target: Kinesis_20131202.ListStreams' \
      -H 'Content-Type: application/x-amz-json-1.1' -H 'Authorization: AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00' \
      -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" -d '{}' "$endpoint/"; then
      startup_ms=$((($(date +%s%N) - t0) / 1000000))
      return 0
    fi
    sleep 0.01
  done
  cat "$work/server.log" >&2
  echo "compare: $1 did not start" >&2
  exit 1
}

auth='Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00'
kinesis_call() { # operation json-body → the answer's body
  curl -s -X POST -H "X-Amz-Target: Kinesis_20131202.$1" -H 'Content-Type: application/x-amz-json-1.1' -H "$auth" \
    -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" -d "$2" "$endpoint/"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run_wrk() { # put100-wrk against the server at $endpoint → one JSON line on stdout
  local bodies="$work/wrk-bodies" warm measured cpu0 cpu1 appended=""
  [ -f "$bodies/body15.json" ] || python3 bench/wrk/make-bodies.py "$bodies" wrk 16
  kinesis_call CreateStream '{"StreamName":"wrk","ShardCount":4}' >/dev/null
  for _ in $(seq 1 600); do
    kinesis_call DescribeStreamSummary '{"StreamName":"wrk"}' | grep -q '"ACTIVE"' && break
    sleep 0.1
  done
  warm=$(wrk -t2 -c8 -d"${warmup}s" -s bench/wrk/put-records.lua "$endpoint/" -- "$bodies" 16 | sed -n 's/^WRK //p')
  cpu0=$(cpu_ticks "$server_pid")
  measured=$(wrk -t2 -c8 -d"${seconds}s" -s bench/wrk/put-records.lua "$endpoint/" -- "$bodies" 16 | sed -n 's/^WRK //p')
  cpu1=$(cpu_ticks "$server_pid")
  if [ "$1" = eddy ]; then
    appended=$(curl -s "$endpoint/metrics" | sed -n 's/^eddy_storage_appended_records_total //p')
  fi
  python3 - "$1" "$warm" "$measured" "$((cpu1 - cpu0))" "$(getconf CLK_TCK)" "$appended" "$seconds" "$warmup" <<'PY'
import json, sys
target, warm, measured, ticks, hz, appended, seconds, warmup = sys.argv[1:]
w, m = json.loads(warm), json.loads(measured)
r = {"target": target, "workload": "wrk-put-records", "encoding": "json", "recordSize": 100, "batch": 500,
     "connections": 8, "shards": 4, "seconds": float(seconds), "warmup": float(warmup),
     "requestsPerSecond": round(m["requests"] / m["seconds"], 3),
     "recordsPerSecond": round(500 * m["requests"] / m["seconds"], 1),
     "p50Ms": m["p50Ms"], "p99Ms": m["p99Ms"], "p999Ms": m["p999Ms"], "maxMs": m["maxMs"],
     "non2xx": w["non2xx"] + m["non2xx"], "socketErrors": w["socketErrors"] + m["socketErrors"],
     "serverCpuMicrosPerRequest": round(int(ticks) * 1e6 / int(hz) / max(1, m["requests"]), 1)}
if appended:
    # every answered PutRecords is stored; requests cut off when wrk stops may be stored too
    answered = 500 * (w["requests"] + m["requests"])
    r["appendedRecords"] = int(float(appended))
    r["verified"] = r["non2xx"] == 0 and answered <= r["appendedRecords"] <= answered + 500 * 8 * 2
if r["non2xx"] or r["socketErrors"]:
    r["failed"] = True
    r["error"] = "wrk: %d connection errors or time-outs (2 s), %d answers not 2xx" % (r["socketErrors"], r["non2xx"])
print(json.dumps(r, separators=(",", ":")))
PY
}

scenario_args() {
  case "$1" in
    put100) echo "--workload put-records --record-size 100 --batch 500 --connections 16" ;;
    put1k-json) echo "--workload put-records --record-size 1024 --batch 500 --connections 16" ;;
    put1k-cbor) echo "--workload put-records --record-size 1024 --batch 500 --connections 16 --encoding cbor" ;;
    put100-wrk) ;; # driven by wrk (run_wrk)
    put1) echo "--workload put-record --record-size 100 --connections 1" ;;
    put64) echo "--workload put-record --record-size 100 --connections 64" ;;
    get1k) echo "--workload get-records --record-size 1024 --connections 4 --prefill-mb 64" ;;
    e2e) echo "--workload e2e-poll --record-size 100 --rate 100 --poll-ms 0" ;;
    e2e-efo) echo "--workload e2e-subscribe --rate 100" ;;
    ddb-get1) echo "--workload get-item --connections 1" ;;
    ddb-put1) echo "--workload put-item --connections 1" ;;
    ddb-update1) echo "--workload update-item --connections 1" ;;
    ddb-get64) echo "--workload get-item --connections 64" ;;
    ddb-put64) echo "--workload put-item --connections 64" ;;
    ddb-update64) echo "--workload update-item --connections 64" ;;
    *) echo "compare: unknown scenario $1" >&2; exit 2 ;;
  esac
}

applies() { # target scenario → whether the target speaks the scenario's API
  case "$2" in
    ddb-*) [ "$1" = eddy ] || [ "$1" = dynalite ] ;;
    *) [ "$1" != dynalite ] ;;
  esac
}

load_opts=(-Xms1g -Xmx2g --enable-native-access=ALL-UNNAMED)
[ "$JAVA_VERSION_MAJOR" -ge 23 ] && load_opts+=(--sun-misc-unsafe-memory-access=allow)
IFS=, read -ra target_list <<<"$targets"
IFS=, read -ra scenario_list <<<"$scenarios"
for target in "${target_list[@]}"; do
  n=$other_runs
  [ "$target" = eddy ] && n=$runs
  for pair in ${runs_for//,/ }; do
    [ "${pair%%=*}" = "$target" ] && n=${pair#*=}
  done
  for scenario in "${scenario_list[@]}"; do
    applies "$target" "$scenario" || continue
    generator=dev.eddy.bench.load.KinesisLoad
    [[ "$scenario" == ddb-* ]] && generator=dev.eddy.bench.load.DynamoLoad
    for run in $(seq 1 "$n"); do
      # a fresh server for every run: no run inherits another's data or warm state
      start_server "$target"
      echo "{\"scenario\":\"startup\",\"run\":$run,\"target\":\"$target\",\"startupMs\":$startup_ms}" >>"$results"
      echo "compare: $target $scenario run $run/$n" >&2
      if [ "$scenario" = put100-wrk ]; then
        line=$(run_wrk "$target" 2>"$work/load.err" | tail -1) || true
      else
        # shellcheck disable=SC2046
        line=$("$JAVA" "${load_opts[@]}" -cp "$jar" "$generator" --endpoint "$endpoint" \
          --target "$target" --seconds "$seconds" --warmup "$warmup" --server-pid "$server_pid" \
          $(scenario_args "$scenario") 2>"$work/load.err" |
          tail -1) || true
      fi
      stop_server
      if [ -z "$line" ]; then
        # the load generator gave up: keep why (e.g. a server that does not speak CBOR)
        why=$(grep -v '^\s*at ' "$work/load.err" | tail -2 | tr -d '"\\' | tr '\n\t' '  ' | cut -c1-240)
        line="{\"target\":\"$target\",\"failed\":true,\"error\":\"$why\"}"
      fi
      echo "{\"scenario\":\"$scenario\",\"run\":$run,${line:1}" | tee -a "$results" >&2
    done
  done
done

if [ -z "$out" ]; then
  if [ "$targets" = "$all_targets" ] && [ "$scenarios" = "$all_scenarios" ]; then
    out=docs
  else
    out=$(mktemp -d -t eddy-compare.XXXX)
  fi
fi
mkdir -p "$out"
cp "$results" "$out/benchmarks.jsonl"
"$JAVA" -Djava.awt.headless=true -cp "$jar" dev.eddy.bench.load.BenchReport "$out/benchmarks.jsonl" "$out/benchmarks.md" \
  "$out/benchmarks.png" "$durability" "$("$JAVA" -version 2>&1 | head -1)"
echo "compare: wrote $out/benchmarks.md, $out/benchmarks.png and $out/benchmarks.jsonl" >&2

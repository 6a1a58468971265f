#!/usr/bin/env bash
# Start-up to healthy: how long `bin/eddy server` takes from launch until /health answers 200,
# with an empty data directory and with one holding many shards (made through the API first);
# and the heap those shards hold while idle (the live heap jcmd's class histogram counts after its
# full GC, before and after making them, divided by the shards; "before" is a server that has
# already made, written and read a stream, so first-use costs are not counted as the shards').
#   bench/startup.sh [--runs 5] [--shards 10000] [--streams 10]
# Every run is a fresh process on the same data; prints one line per run, the medians, and a
# JSON line. Uses bin/eddy as a user would (so the start-up cache is used where the JDK has one).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5 shards=10000 streams=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2 ;; --shards) shards=$2 ;; --streams) streams=$2 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "startup: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
work=$(mktemp -d)
pid=""
stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"

# make the build and the start-up cache outside the measurement
bin/eddy server --help >/dev/null
start() { # data dir → sets $ms
  local t0; t0=$(date +%s%N)
  bin/eddy server --port "$port" --data-dir "$1" --limits off --log-level warn >>"$work/server.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null -f "$endpoint/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
}
call() { # action body
  curl -s -f -X POST "$endpoint/" -H "X-Amz-Target: Kinesis_20131202.$1" -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00' \
    -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" -d "$2" >/dev/null
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

empty=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/empty"
  start "$work/empty"
  stop
  empty+=("$ms")
  echo "empty data directory, run $i: $ms ms" >&2
done

heap() { # live heap in bytes: the class histogram's total, taken after a full GC
  "$(dirname "$JAVA")/jcmd" "$pid" GC.class_histogram | awk '$1 == "Total" {printf "%d", $3}'
}
. bin/java-select.sh
start "$work/full"
call CreateStream '{"StreamName":"startup-warm","ShardCount":1}'
call PutRecord '{"StreamName":"startup-warm","PartitionKey":"k","Data":"AAEC"}'
call ListShards '{"StreamName":"startup-warm"}'
sleep 1 # start-up's background work (the TLS context) done
heap_before=$(heap)
per=$((shards / streams))
for s in $(seq 1 "$streams"); do
  call CreateStream "{\"StreamName\":\"startup-$s\",\"ShardCount\":$per}"
  call PutRecord "{\"StreamName\":\"startup-$s\",\"PartitionKey\":\"k\",\"Data\":\"AAEC\"}"
done
heap_after=$(heap)
per_shard=$(((heap_after - heap_before) / shards))
echo "heap: $heap_before bytes before, $heap_after after $shards shards: $per_shard bytes per idle shard" >&2
stop
full=()
for i in $(seq 1 "$runs"); do
  start "$work/full"
  stop
  full+=("$ms")
  echo "$shards shards in $streams streams, run $i: $ms ms" >&2
done
m_empty=$(printf '%s\n' "${empty[@]}" | median)
m_full=$(printf '%s\n' "${full[@]}" | median)
echo "start-up to healthy, median of $runs: empty ${m_empty} ms; ${shards} shards ${m_full} ms" >&2
echo "{\"benchmark\":\"startup\",\"runs\":$runs,\"emptyMs\":$m_empty,\"shards\":$shards,\"shardsMs\":$m_full,\"heapBytesPerIdleShard\":$per_shard}"

#!/usr/bin/env bash
# Profiles a running Eddy server with async-profiler, attached for a while and then detached:
#   bench/profile.sh [--pid PID] [--seconds 10] [--event cpu|itimer|wall|alloc|lock] [--out FILE]
# Without --pid it takes the one `eddy.jar server` process running. --out ending in .html writes a
# flame graph (the default, bench/profile-<time>.html); .collapsed writes collapsed stacks, one
# line per stack with its sample count, for scripts. Stacks are split by thread and include kernel
# frames where the kernel allows (perf_event_paranoid <= 2).
# async-profiler comes from Maven Central (tools.profiler:async-profiler) into bench/.tools once.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-select.sh
pid="" seconds=10 event=cpu out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pid) pid=$2 ;; --seconds) seconds=$2 ;; --event) event=$2 ;; --out) out=$2 ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "profile: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$out" ] || out="bench/profile-$(date +%Y%m%d-%H%M%S).html"
case "$out" in
  *.html) format=flamegraph ;;
  *.collapsed) format=collapsed ;;
  *) echo "profile: --out must end in .html or .collapsed" >&2; exit 2 ;;
esac
if [ -z "$pid" ]; then
  pid=$(pgrep -f 'eddy\.jar server' || true)
  if [ "$(echo "$pid" | grep -c .)" != 1 ]; then
    echo "profile: found ${pid:-no} server process(es); say which with --pid" >&2
    exit 1
  fi
fi

version=4.2
lib="bench/.tools/async-profiler-$version/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) echo "profile: no async-profiler for $(uname -m)" >&2; exit 1 ;; esac
  mkdir -p "$(dirname "$lib")"
  jar="$(dirname "$lib")/async-profiler.jar"
  echo "profile: fetching async-profiler $version from Maven Central" >&2
  curl -sSfL -o "$jar" "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
  unzip -p "$jar" "$arch/libasyncProfiler.so" >"$lib"
  rm -f "$jar"
fi
lib=$(readlink -f "$lib")
out_abs=$(readlink -f "$(dirname "$out")")/$(basename "$out")
jcmd="$(dirname "$(readlink -f "$JAVA")")/jcmd"
# jcmd splits its arguments at commas unless they are quoted inside the argument
agent() { "$jcmd" "$pid" JVMTI.agent_load "$lib" "\"$1\"" | grep -q 'return code: 0'; }
if ! agent "start,event=$event,interval=1ms,threads"; then
  echo "profile: could not start event $event (see the server's log); try --event itimer" >&2
  exit 1
fi
echo "profile: sampling $event in process $pid for $seconds s" >&2
trap 'agent "stop" || true' INT TERM
sleep "$seconds"
trap - INT TERM
agent "stop,file=$out_abs,$format"
echo "profile: wrote $out" >&2

#!/usr/bin/env bash
# Checks the image that image/build.sh made, without a Docker engine: unpacks its layers in
# order into a folder, starts the image's own entrypoint, environment, user and working
# directory there under chroot (in a private mount namespace; needs root), and then, from
# outside, waits for /health, creates a stream, puts records and reads them back with the
# `eddy` client commands, restarts the container and reads them again from its volume.
# Usage: image/smoke.sh [eddy-server/target/eddy-image.tar]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-$root/eddy-server/target/eddy-image.tar}"
[ "$(id -u)" = 0 ] || { echo "smoke: needs root (chroot and mounts)" >&2; exit 2; }
command -v jq >/dev/null || { echo "smoke: needs jq" >&2; exit 2; }
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then pkill -KILL -P "$pid" || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/oci" "$work/rootfs"
tar -C "$work/oci" -xf "$image"
blob() { echo "$work/oci/blobs/${1/://}"; }
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/oci/index.json")")
config=$(blob "$(jq -r '.config.digest' "$manifest")")
for layer in $(jq -r '.layers[].digest' "$manifest"); do
  tar --warning=no-unknown-keyword -C "$work/rootfs" -xzf "$(blob "$layer")"
done
mapfile -t command < <(jq -r '.config.Entrypoint[], (.config.Cmd // [])[]' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
user=$(jq -r '.config.User' "$config")
workdir=$(jq -r '.config.WorkingDir' "$config")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "smoke: ${command[*]} (user $user, port $port)" >&2

# start: runs the image's entrypoint as the container would, in the background
start() {
  unshare --mount --fork bash -c '
    set -e; r=$1; u=${2%%:*}; g=${2##*:}; wd=$3; n=$4; shift 4
    mount --rbind /dev "$r/dev"; mount -t proc proc "$r/proc"
    exec env -i "${@:1:n}" "$(command -v unshare)" --root="$r" --wd="$wd" --setuid="$u" --setgid="$g" \
      -- "${@:n+1}"' \
    - "$work/rootfs" "$user" "$workdir" $((${#env[@]} + 1)) "${env[@]}" "EDDY_PORT=$port" "${command[@]}" \
    >>"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/log" >&2
  echo "smoke: the container did not become healthy" >&2
  exit 1
}
stop() {
  # the container's process is the only child of the outer unshare, which passes on its status
  pkill -TERM -P "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" = 0 ] || { cat "$work/log" >&2; echo "smoke: exit status $rc after SIGTERM" >&2; exit 1; }
}

eddy() { "$root/bin/eddy" "$@" --endpoint "http://127.0.0.1:$port"; }
start
echo "smoke: $(grep -m1 "ready in" "$work/log")" >&2
eddy streams create smoke --shards 2 >/dev/null
printf 'one\ntwo\nthree\n' | eddy put smoke >/dev/null
got=$(eddy tail smoke --from trim-horizon --no-follow | sort | tr '\n' ' ')
[ "$got" = "one three two " ] || { echo "smoke: read back '$got'" >&2; exit 1; }
stop
start
got=$(eddy tail smoke --from trim-horizon --no-follow | sort | tr '\n' ' ')
[ "$got" = "one three two " ] || { echo "smoke: after restart read back '$got'" >&2; exit 1; }
owner=$(stat -c %u "$work/rootfs/var/lib/eddy")
[ "$owner" = 10001 ] || { echo "smoke: data directory owned by $owner" >&2; exit 1; }
stop
echo "smoke: ok — served, wrote, read, stopped with exit 0, restarted and read again from /var/lib/eddy as uid $owner" >&2

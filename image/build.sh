#!/usr/bin/env bash
# Builds Eddy's container image as an OCI image tarball, with no Docker engine:
#   1. a base layer made here: Debian's C library (packages libc6 and libgcc-s1, fetched with
#      apt-get download), a Java runtime cut by jlink from the newest JDK on this machine, a
#      non-root user `eddy` (uid 10001) and its data directory /var/lib/eddy;
#   2. Jib (jib-maven-plugin, goal buildTar) puts the application over it in three layers:
#      dependencies, resources, classes.
# Result: eddy-server/target/eddy-image.tar, tagged eddy:<version> and eddy:latest.
# Load it with `docker load -i eddy-server/target/eddy-image.tar` (or podman load), then
#   docker run -p 4567:4567 -v eddy-data:/var/lib/eddy eddy:latest
# Needs: a JDK 17+ (with jlink), Debian's apt-get and dpkg-deb, GNU tar, sha256sum.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bin/java-select.sh"
java_home="$(cd "$(dirname "$JAVA")/.." && pwd)"
work="$root/eddy-server/target/image"
rm -rf "$work"
mkdir -p "$work/debs" "$work/rootfs"
rootfs="$work/rootfs"

echo "image: Debian C library" >&2
(cd "$work/debs" && { apt-get download libc6 libgcc-s1 >/dev/null 2>&1 || {
  echo "image: refreshing apt's package lists" >&2
  apt-get update -qq && apt-get download libc6 libgcc-s1 >/dev/null; }; })
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
# the image needs no locale data, documentation or gconv modules
rm -rf "$rootfs"/usr/share "$rootfs"/usr/lib/x86_64-linux-gnu/gconv "$rootfs"/usr/libexec "$rootfs"/sbin "$rootfs"/usr/sbin "$rootfs"/usr/bin

echo "image: Java $JAVA_VERSION_MAJOR runtime from $java_home" >&2
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.management.jfr,jdk.net,jdk.unsupported,jdk.zipfs
compress=--compress=2
[ "$JAVA_VERSION_MAJOR" -ge 21 ] && compress=--compress=zip-6
# jdk.crypto.ec became part of java.base in JDK 22
[ "$JAVA_VERSION_MAJOR" -ge 22 ] && modules=${modules/,jdk.crypto.ec/}
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  "$compress" --output "$rootfs/opt/java"

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/lib/eddy" "$rootfs/proc" "$rootfs/dev" "$rootfs/sys"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\neddy:x:10001:10001:Eddy:/var/lib/eddy:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\neddy:x:10001:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

echo "image: base layer" >&2
base="$work/base"
mkdir -p "$base"
printf '+0 +10001:+10001\n' >"$work/owners"
# everything owned by root but the data directory, which belongs to eddy; a fixed mtime keeps
# the layer's digest the same for the same inputs
(cd "$rootfs" && find . -path ./var/lib/eddy -prune -o -print0 | LC_ALL=C sort -z |
  tar --null --no-recursion --numeric-owner --owner=0 --group=0 --mtime=@0 -cf "$base/layer.tar" -T - &&
  tar --numeric-owner --owner=10001 --group=10001 --mtime=@0 -rf "$base/layer.tar" ./var/lib/eddy)
layer_sha=$(sha256sum "$base/layer.tar" | cut -d' ' -f1)
cat >"$base/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"image/build.sh: Debian libc6, libgcc-s1; jlink Java $JAVA_VERSION_MAJOR"}]}
JSON
cat >"$base/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["eddy-base:latest"],"Layers":["layer.tar"]}]
JSON
tar -C "$base" -cf "$work/base.tar" manifest.json config.json layer.tar

echo "image: application layers (Jib)" >&2
jvm_flags="-XX:+UseParallelGC"
[ "$JAVA_VERSION_MAJOR" -ge 22 ] && jvm_flags="$jvm_flags,--enable-native-access=ALL-UNNAMED"
[ "$JAVA_VERSION_MAJOR" -ge 23 ] && jvm_flags="$jvm_flags,--sun-misc-unsafe-memory-access=allow"
cd "$root"
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl eddy-server -am install
./mvnw -q -B -pl eddy-server jib:buildTar "-Djib.container.jvmFlags=$jvm_flags"
ls -l "$root/eddy-server/target/eddy-image.tar" >&2

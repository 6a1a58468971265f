# Sourced by bin/eddy and the benchmarks: picks the Java to run on and sets $JAVA and
# $JAVA_VERSION_MAJOR. Prefers $JAVA_HOME, else the newest JDK installed under /usr/lib/jvm
# (JDK 21+ runs Eddy faster: cheaper Base64, CRC and AES; JDK 25 also keeps a start-up cache),
# else java on the PATH. Needs Java 17 or newer. Versions are read from each JDK's `release` file,
# so choosing costs no JVM start.
java_major() { # JDK home → major version, or nothing
  local v=""
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  elif [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2}' | cut -d. -f1)
  fi
  case "$v" in '' | *[!0-9]*) ;; *) echo "$v" ;; esac
}
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=""
  best=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$(java_major "${candidate%/bin/java}")
    [ -n "$version" ] || continue
    if [ "$version" -gt "$best" ]; then best=$version; JAVA=$candidate; fi
  done
  [ -n "$JAVA" ] || JAVA=$(command -v java || true)
fi
if [ -z "$JAVA" ]; then
  echo "eddy: no Java found; install JDK 17 or newer, or set JAVA_HOME" >&2
  exit 1
fi
# the major version, e.g. 25; 0 if it cannot be read
java_home=$(cd "$(dirname "$(readlink -f "$JAVA")")/.." && pwd)
JAVA_VERSION_MAJOR=$(java_major "$java_home")
JAVA_VERSION_MAJOR=${JAVA_VERSION_MAJOR:-0}
if [ "$JAVA_VERSION_MAJOR" -gt 0 ] && [ "$JAVA_VERSION_MAJOR" -lt 17 ]; then
  echo "eddy: $JAVA is Java $JAVA_VERSION_MAJOR; Eddy needs Java 17 or newer" >&2
  exit 1
fi

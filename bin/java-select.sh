# Sourced by bin/eddy and the benchmarks: picks the Java to run on and sets $JAVA.
# Prefers $JAVA_HOME, else the newest JDK installed under /usr/lib/jvm (JDK 21+ runs Eddy
# faster: cheaper Base64, CRC and AES), else java on the PATH. Needs Java 17 or newer.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=""
  best=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" -version 2>&1 | awk -F'"' '/version/ {print $2}' | cut -d. -f1)
    case "$version" in '' | *[!0-9]*) continue ;; esac
    if [ "$version" -gt "$best" ]; then best=$version; JAVA=$candidate; fi
  done
  [ -n "$JAVA" ] || JAVA=$(command -v java || true)
fi
if [ -z "$JAVA" ]; then
  echo "eddy: no Java found; install JDK 17 or newer, or set JAVA_HOME" >&2
  exit 1
fi
# the major version, e.g. 25; JAVA_VERSION_MAJOR is 0 if it cannot be read
JAVA_VERSION_MAJOR=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2}' | cut -d. -f1)
case "$JAVA_VERSION_MAJOR" in '' | *[!0-9]*) JAVA_VERSION_MAJOR=0 ;; esac
if [ "$JAVA_VERSION_MAJOR" -gt 0 ] && [ "$JAVA_VERSION_MAJOR" -lt 17 ]; then
  echo "eddy: $JAVA is Java $JAVA_VERSION_MAJOR; Eddy needs Java 17 or newer" >&2
  exit 1
fi

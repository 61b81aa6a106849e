# Sourced by ./anchor, scripts/test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# The machine's default `java` may be older (OpenJDK 17 here); a newer JDK usually lives under
# /usr/lib/jvm. Fails with one clear line when there is none.

anchor_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

anchor_find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local dir
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  local best="" best_major=0 java major
  for java in "${candidates[@]}"; do
    major=$(anchor_java_major "$java")
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$java"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "anchor: needs a JDK 21 or newer; none found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME." >&2
    return 1
  fi
  local home
  home=$(cd "$(dirname "$(readlink -f "$best")")/.." && pwd)
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
}

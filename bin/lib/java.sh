# shellcheck shell=bash
# Sourced by the bin/ scripts: finds a JDK 21 or newer and exports JAVA_HOME and PATH.
#
# Order: $JAVA_HOME if it is 21+, else `java` on PATH if it is 21+ (and a full JDK), else the
# newest JDK 21+ under /usr/lib/jvm. Fails with a clear message when there is none.

DEPOT_MIN_JAVA=21

# Prints the major version of the java binary $1 (8 for "1.8.0_392", 21 for "21.0.2"), or nothing.
depot_java_major() {
  local version
  version="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)" || return 0
  version="${version#1.}"
  printf '%s\n' "${version%%[.+-]*}"
}

# True if $1 is a JDK home (java and javac, which Maven needs) of version 21 or newer.
depot_is_jdk21() {
  local home="$1" major
  [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  major="$(depot_java_major "$home/bin/java")"
  [[ "$major" =~ ^[0-9]+$ ]] && (( major >= DEPOT_MIN_JAVA ))
}

depot_find_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]] && depot_is_jdk21 "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  local java_on_path home
  if java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$java_on_path")")")"
    if depot_is_jdk21 "$home"; then
      printf '%s\n' "$home"
      return 0
    fi
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    depot_is_jdk21 "$candidate" || continue
    major="$(depot_java_major "$candidate/bin/java")"
    if (( major > best_major )); then
      best="$candidate" best_major="$major"
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  return 1
}

if ! DEPOT_JDK="$(depot_find_jdk)"; then
  {
    echo "error: Depot needs a JDK ${DEPOT_MIN_JAVA} or newer (java and javac)."
    echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}), java on PATH ($(command -v java 2>/dev/null || echo none)) and /usr/lib/jvm/*."
    echo "  Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it."
  } >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$DEPOT_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
unset DEPOT_JDK

# JDK 24+ warns that Maven's Guice uses sun.misc.Unsafe; the warning says nothing about Depot.
if (( "$(depot_java_major "$JAVA_HOME/bin/java")" >= 24 )); then
  case " ${MAVEN_OPTS:-} " in
    *--sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
  esac
fi

# shellcheck shell=bash disable=SC2034,SC2154 # sets variables for, and reads $root and $prog of, its caller
# Sourced by submit/standalone and submit/spark-submit-sweep: the JVM flags, BLAS environment and
# build check of submit/lib/jvm.sh, and the Maven-resolved jars that stand in for a Spark install.
# Expects $root (the checkout) and $prog (the calling script's name, for messages).
# shellcheck source=submit/lib/jvm.sh
. "$root/submit/lib/jvm.sh"

# The Maven-resolved jars (Spark and everything it needs), one path a line.
classpath_jars() {
  tr ':' '\n' <"$classpath_file" | grep -v '^$'
}

# Field 22 of /proc/PID/stat: the process's start time in clock ticks since boot, which tells a
# process from a later one with its pid. Nothing for a process that does not run or is a zombie.
process_start_time() {
  local stat fields
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
  read -r -a fields <<<"${stat##*) }"
  [ "${fields[0]}" = Z ] || echo "${fields[19]}"
}

# shellcheck shell=bash disable=SC2034,SC2154 # sets variables for, and reads $root and $prog of, its caller
# Sourced by submit/standalone and submit/spark-submit-sweep: where the jars are, the JVM flags
# Spark 4 on Java 17 needs (read from the pom, the one place they are listed), and the build.
# Expects $root (the checkout) and $prog (the calling script's name, for messages).

jar="$root/target/bnsweep-0.1.0-SNAPSHOT.jar"
cluster_jar="$root/target/bnsweep-0.1.0-SNAPSHOT-cluster.jar"
classpath_file="$root/target/classpath.txt"
# Debian's libjblas.so (package jblas) and its JNI folder; executors need both on the path.
jni_path=/usr/lib/jni:/usr/lib/x86_64-linux-gnu/jni

die() {
  echo "$prog: error: $*" >&2
  exit 1
}

# The --add-opens flags of <spark.jvm.opens> in pom.xml, which surefire uses too.
read -r -a spark_opens <<<"$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")"
[ ${#spark_opens[@]} -gt 0 ] ||
  die "no <spark.jvm.opens> property in $root/pom.xml; restore it (it lists the JVM's --add-opens flags)"

# Builds the jars when one is missing or older than the sources, as submit/bnsweep does.
ensure_built() {
  if [ -f "$jar" ] && [ -f "$cluster_jar" ] && [ -f "$classpath_file" ] &&
     [ -z "$(find "$root/src/main" "$root/pom.xml" -newer "$cluster_jar" -type f -print -quit)" ]; then
    return 0
  fi
  echo "$prog: building $cluster_jar (missing or older than the sources)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package >&2) ||
    die "the build failed; run 'mvn -DskipTests package' in $root to see why"
}

# The Maven-resolved jars (Spark and everything it needs), one path a line.
classpath_jars() {
  tr ':' '\n' <"$classpath_file" | grep -v '^$'
}

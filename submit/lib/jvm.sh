# shellcheck shell=bash disable=SC2034 # sets variables for its caller
# How every bnsweep JVM is started, in one place: sourced by submit/bnsweep and
# submit/spark-submit-sweep. The JVM flags themselves are listed once, as properties of
# pom.xml (surefire and failsafe pass the same ones to the test JVMs); this file reads them.
# Expects $root (the checkout) and $prog (the calling script's name, for messages).

jar="$root/target/bnsweep-0.1.0-SNAPSHOT.jar"
cluster_jar="$root/target/bnsweep-0.1.0-SNAPSHOT-cluster.jar"
classpath_file="$root/target/classpath.txt"

die() {
  echo "$prog: error: $*" >&2
  exit 1
}

# The value of <$1> in pom.xml's properties (one line); dies when it is missing.
pom_property() {
  local value
  value=$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml")
  [ -n "$value" ] || die "no <$1> property in $root/pom.xml; restore it ($2)"
  echo "$value"
}

# Spark 4 on Java 17 reflects into JDK internals: the --add-opens flags.
read -r -a spark_opens <<<"$(pom_property spark.jvm.opens "it lists the JVM's --add-opens flags")"
# Debian's libjblas.so (package jblas) and its JNI folder.
jni_path=$(pom_property jblas.library.path "the JNI folders of Debian's libjblas.so")
# The pthread build of OpenBLAS: safe when trials run at once in one JVM (the serial one is not).
openblas_dir=$(pom_property openblas.pthread.dir "the folder of the pthread build of OpenBLAS")
# The flags every JVM that runs bnsweep code gets.
jvm_flags=("${spark_opens[@]}" "-Djava.library.path=$jni_path")
# What a JVM that trains adds: Java 17's incubating Vector API for the first layer's step
# (nn.VectorFirstLayerStep; without it that step runs scalar, same numbers, about 10% slower an
# epoch). The JVM then prints one line, "WARNING: Using incubator modules: ...", at its start;
# the commands that only read the table (query, report, compact) go without it.
training_flags=("--add-modules=$(pom_property vector.module "it names Java's Vector API module")")

# The OpenBLAS kernel for the CPU whose /proc/cpuinfo is $1 (default /proc/cpuinfo): SkylakeX
# with AVX-512 (F, BW, VL, DQ), Haswell with AVX2 and FMA, nothing otherwise. Debian 12's
# OpenBLAS 0.3.21 picks its kernel from the CPU model, and on a model newer than that release it
# falls back to the generic Prescott (SSE3) kernels, 2-3x slower; the flags are never wrong.
openblas_kernel_for_cpu() {
  local flags
  flags=" $(sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' "${1:-/proc/cpuinfo}" | head -n 1) "
  if has_words "$flags" avx512f avx512bw avx512vl avx512dq; then
    echo SkylakeX
  elif has_words "$flags" avx2 fma; then
    echo Haswell
  fi
}

# True when the space-padded list $1 holds every one of the other arguments.
has_words() {
  local w
  for w in "${@:2}"; do [[ $1 == *" $w "* ]] || return 1; done
}

# Exports the BLAS environment of a JVM that trains: one BLAS thread (Spark runs one trial per
# core), the pthread OpenBLAS first on the library path, and OPENBLAS_CORETYPE from the CPU's
# flags unless it is already set (some hosts set it on purpose: then it is kept).
# BNSWEEP_BLAS_KERNEL_SOURCE says where the kernel came from: preset, cpu-flags or openblas
# (OpenBLAS's own choice, when the flags name no kernel). $1: the cpuinfo file, for tests.
blas_environment() {
  export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
  if [ -d "$openblas_dir" ] && [[ :${LD_LIBRARY_PATH:-}: != *":$openblas_dir:"* ]]; then
    export LD_LIBRARY_PATH="$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
    BNSWEEP_BLAS_KERNEL_SOURCE=preset
  else
    OPENBLAS_CORETYPE=$(openblas_kernel_for_cpu "${1:-/proc/cpuinfo}")
    if [ -n "$OPENBLAS_CORETYPE" ]; then
      export OPENBLAS_CORETYPE
      BNSWEEP_BLAS_KERNEL_SOURCE=cpu-flags
    else
      unset OPENBLAS_CORETYPE # an empty one would make OpenBLAS fall back to Prescott
      BNSWEEP_BLAS_KERNEL_SOURCE=openblas
    fi
  fi
  export BNSWEEP_BLAS_KERNEL_SOURCE
}

# The thresholds at which C2, the JIT's optimising compiler, compiles a method, for the JVM that
# a bnsweep command starts: ten times the defaults for the code of the start (Spark, Scala,
# Hadoop, log4j, the JDK's), so that C2 compiles only what stays hot there, and the defaults for
# bnsweep's own classes and the BLAS binding they call every product (the per-method scaling of
# 0.1 undoes the tenfold), whose loops are a local sweep's trials. C2's compilations of the
# start's code took about 2.8 s of the 9 s of CPU of a one-trial sweep on two cores
# (docs/performance.md, the fixed cost of a sweep).
start_jit_flags=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000
  -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet
  "-XX:CompileCommand=CompileThresholdScaling,org/bnsweep/*.*,0.1"
  "-XX:CompileCommand=CompileThresholdScaling,dev/ludovic/netlib/*.*,0.1")

# The JVM flag that backs the Java heap with transparent huge pages when the kernel gives them
# only on request ($1, default /sys/kernel/mm/transparent_hugepage/enabled, reads
# "always [madvise] never"): nothing under "always" (the heap gets them anyway) or "never".
# A trial gathers each mini-batch from random rows of a training set of hundreds of MB; with
# 4 KB pages that walks the page tables on nearly every row (docs/performance.md).
huge_pages_flag() {
  local enabled
  enabled=$(cat "${1:-/sys/kernel/mm/transparent_hugepage/enabled}" 2>/dev/null) || enabled=
  if [[ $enabled == *"[madvise]"* ]]; then
    echo -XX:+UseTransparentHugePages
  fi
}

# Sets class_archive_flags for subcommand $1: the JVM flags that map its class data sharing
# archive, or, when it has none yet or one older than the jar or the class path, that let the
# run record one (org.bnsweep.cli.ClassArchive writes it once the command has done its work; it
# saves about 3 s of a sweep's start, docs/performance.md). Archives live in
# BNSWEEP_CLASS_ARCHIVE_DIR (default target/class-archives, rebuilt with the jar);
# BNSWEEP_CLASS_ARCHIVE=off starts without. Not while the class path holds configuration
# folders ($2, e.g. HADOOP_CONF_DIR's): the JVM archives only from jars; such runs use an
# archive recorded without them.
class_archive_flags() {
  class_archive_flags=()
  local name=$1 dir=${BNSWEEP_CLASS_ARCHIVE_DIR:-$root/target/class-archives}
  [[ $name =~ ^[a-z]+$ ]] && [ "${BNSWEEP_CLASS_ARCHIVE:-on}" != off ] || return 0
  # The JVM's options split their values at ':' (SharedArchiveFile lists archives, -Xlog
  # separates its parts; a log file in /tmp/a:b stops the JVM): no archive in such a folder.
  [[ $dir != *:* ]] || return 0
  local archive="$dir/$name.jsa"
  # The JVM's messages about an archive (one it cannot use, classes it skips) stay off the
  # console: without the archive the run is what it would have been.
  local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$classpath_file" ]; then
    class_archive_flags=("-XX:SharedArchiveFile=$archive" "${quiet[@]}")
  elif [ -z "${2:-}" ] && mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then
    # The class+load log lists what ClassArchive links; it finds it as ARCHIVE.PID.loaded (the
    # script execs the JVM: $$ is its process id).
    class_archive_flags=(-XX:+RecordDynamicDumpInfo "-Dbnsweep.class-archive=$archive"
      "-Xlog:class+load=info:file=$archive.$$.loaded:none:filecount=0" "${quiet[@]}")
  fi
}

# True when a jar or the class path file is missing or older than the sources.
build_is_stale() {
  [ -f "$jar" ] && [ -f "$cluster_jar" ] && [ -f "$classpath_file" ] || return 0
  local j
  for j in "$jar" "$cluster_jar"; do
    [ -z "$(find "$root/src/main" "$root/pom.xml" -newer "$j" -type f -print -quit)" ] || return 0
  done
  # A commit since the build: rows would name the wrong one in their bnsweep_version.
  local head recorded
  head=$(git -C "$root" rev-parse --short=10 HEAD 2>/dev/null) || head=
  recorded=$(sed -n 's/^git.commit.id.abbrev=//p' \
    "$root/target/classes/bnsweep-build.properties" 2>/dev/null) || recorded=
  [ -z "$head" ] || [ "$head" = "$recorded" ] || return 0
  return 1
}

# Builds the jars when one is missing or older than the sources.
ensure_built() {
  build_is_stale || return 0
  echo "$prog: building $cluster_jar (missing or older than the sources)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package >&2) ||
    die "the build failed; run 'mvn -DskipTests package' in $root to see why"
}

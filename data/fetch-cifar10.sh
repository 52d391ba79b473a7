#!/usr/bin/env bash
# Puts CIFAR-10 (binary version) in place as data/cifar-10-batches-bin/. Idempotent.
# Sources, in order:
#   1. an existing folder: already in place (checked), or $CIFAR10_DIR
#   2. a local archive: $CIFAR10_ARCHIVE, else ../shared/data/cifar-10-binary.tar.gz beside the clone
#   3. the official download, where the network allows it
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target="$here/cifar-10-batches-bin"
files=(data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin)
record=3073
url="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"

complete() {
  local dir=$1 f size
  for f in "${files[@]}"; do
    [ -f "$dir/$f" ] || return 1
    size=$(stat -c %s "$dir/$f")
    (( size > 0 && size % record == 0 )) || return 1
  done
}

if complete "$target"; then
  echo "CIFAR-10 is in place: $target"
  exit 0
fi

if [ -n "${CIFAR10_DIR:-}" ]; then
  complete "$CIFAR10_DIR" || { echo "CIFAR10_DIR=$CIFAR10_DIR does not hold the six CIFAR-10 .bin batches; fix the path or unset it" >&2; exit 1; }
  mkdir -p "$target"
  for f in "${files[@]}" batches.meta.txt; do [ -f "$CIFAR10_DIR/$f" ] && cp "$CIFAR10_DIR/$f" "$target/"; done
  echo "CIFAR-10 copied from $CIFAR10_DIR to $target"
  exit 0
fi

archive=${CIFAR10_ARCHIVE:-}
if [ -z "$archive" ]; then
  for candidate in "$here/../../shared/data/cifar-10-binary.tar.gz" "$here/cifar-10-binary.tar.gz"; do
    if [ -f "$candidate" ]; then archive=$candidate; break; fi
  done
fi
if [ -z "$archive" ]; then
  archive="$here/cifar-10-binary.tar.gz"
  echo "No local archive found; downloading $url" >&2
  if ! curl -fL --retry 2 -o "$archive.part" "$url"; then
    rm -f "$archive.part"
    echo "Could not download CIFAR-10. Set CIFAR10_ARCHIVE=/path/to/cifar-10-binary.tar.gz or CIFAR10_DIR=/path/to/cifar-10-batches-bin" >&2
    exit 1
  fi
  mv "$archive.part" "$archive"
fi
[ -f "$archive" ] || { echo "CIFAR10_ARCHIVE=$archive does not exist; fix the path" >&2; exit 1; }

tmp=$(mktemp -d "$here/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$archive" -C "$tmp" || { echo "$archive is not a readable tar.gz archive; download it again" >&2; exit 1; }
src=$(find "$tmp" -type d -name cifar-10-batches-bin | head -n 1)
[ -n "$src" ] && complete "$src" || { echo "$archive does not hold cifar-10-batches-bin/ with the six .bin batches" >&2; exit 1; }
rm -rf "$target"
mv "$src" "$target"
echo "CIFAR-10 extracted from $archive to $target"

#!/bin/sh
# gcc_build.sh OUTDIR: compiles the project's C programs (benchmarks/, tests/fixtures/, native/ and its parts, samples/) one
# translation unit at a time into OUTDIR, as a build does: a few hundred headers opened and stat'ed per file.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out"
for c in "$root"/benchmarks/*.c "$root"/tests/fixtures/*.c "$root"/native/*.c "$root"/native/*/*.c "$root"/samples/*/*.c; do
    gcc -c -O0 -I "$root/include" -o "$out/$(basename "$c" .c).o" "$c" 2>/dev/null || true
done

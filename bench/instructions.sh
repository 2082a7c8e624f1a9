#!/usr/bin/env bash
# Counts the instructions that full builds execute, one binary after another, under
# valgrind's cachegrind: unlike wall or CPU time on a shared VM (which drifts by a quarter
# within minutes here), the count is the same from run to run, so two binaries can be
# compared to a fraction of a percent. It does not see cache misses or the kernel's work,
# so confirm a change that moves memory around with timed runs as well.
#
#   bench/instructions.sh SITE BIN...      e.g. bench/instructions.sh /dev/shm/s10k old/jindu target/release/jindu
#
# Each build runs with RAYON_NUM_THREADS=1 (the count does not depend on the schedule
# then) into a fresh folder under /dev/shm. About 50x slower than a normal build: a
# 10,000-task site takes 2-3 minutes per binary. Needs valgrind (apt-get install valgrind).
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,12p "$0"; exit 2; }
site=$1
shift
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)" >&2; exit 1; }
work=$(mktemp -d /dev/shm/jindu-instr.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf '%-40s %16s\n' binary instructions
for bin in "$@"; do
    out="$work/cg.out"
    RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out" \
        "$bin" build --root "$site" --output "$work/site" >"$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
    ir=$(sed -n 's/^summary: *//p' "$out")
    printf '%-40s %16s\n' "$bin" "$ir"
    rm -rf "$work/site" "$out"
done

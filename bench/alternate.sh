#!/usr/bin/env bash
# Compares jindu binaries by alternating full builds of one site, then `cp -r` of the
# output, so that the machine's slow spells fall on every binary alike.
#
#   bench/alternate.sh SITE ROUNDS BIN [BIN...]
#
# A BIN may be a script that runs jindu with other options; it gets `build --root SITE
# --output OUT` (e.g. `#!/bin/sh` + `shift; exec jindu build --no-search "$@"`).
# Prints, per build, wall seconds, user and system CPU seconds and peak memory (GNU time),
# and the time of copying the output. User CPU time varies much less between runs than
# wall time, so small differences show there first.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
site=$1 rounds=$2
shift 2
work=$(mktemp -d /dev/shm/jindu-alternate.XXXXXX)
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$rounds"); do
  for bin in "$@"; do
    rm -rf "$work/out"
    sync
    if ! /usr/bin/time -o "$work/time" -f "$(basename "$bin") %e s %U u %S s %M KB" \
        "$bin" build --root "$site" --output "$work/out" >/dev/null 2>"$work/err"; then
      cat "$work/err" >&2
      exit 1
    fi
    cat "$work/time"
  done
  rm -rf "$work/cp"
  /usr/bin/time -o "$work/time" -f "cp %e s" cp -r "$work/out" "$work/cp"
  cat "$work/time"
  rm -rf "$work/cp"
done

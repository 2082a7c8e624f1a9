#!/usr/bin/env bash
# Benchmark a full `jindu build` on synthetic sites of N tasks x 4 periods, on tmpfs and on
# disk, beside the floor of copying the same output tree with `cp -r`. See bench/README.md.
#
#   bench/run.sh                              # N = 1000 10000 50000, tmpfs and disk
#   SIZES="1000 10000" bench/run.sh
#   LOCATIONS=tmpfs SIZES=50000 bench/run.sh
#
# Environment:
#   SIZES       task counts to run (default "1000 10000 50000")
#   LOCATIONS   any of "tmpfs disk" (default both)
#   TMPFS_DIR   work folder on tmpfs (default: a new /dev/shm/jindu-bench.XXXXXX)
#   DISK_DIR    work folder on a real disk (default: a new /tmp/jindu-bench.XXXXXX)
#   JINDU       use this binary instead of building one
#   REV         build this git revision (e.g. HEAD) from a `git archive` snapshot in
#               $BUILD_DIR instead of the working tree, so that edits in progress do not
#               change the binary under test (default: the working tree, target/release)
#   BUILD_DIR   where REV is unpacked and built, kept for the next run
#               (default /tmp/jindu-bench-build)
#   SEED        generator seed (default 2020)
#   LOG_DIR     where build logs and the results table go (default bench/logs)
#   RUNS        rounds of build, --no-search build and cp -r per N and location; the
#               table gives medians (default 3)
#   KEEP=1      keep the work folders at the end
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
SIZES=${SIZES:-1000 10000 50000}
LOCATIONS=${LOCATIONS:-tmpfs disk}
SEED=${SEED:-2020}
LOG_DIR=${LOG_DIR:-$here/logs}
RUNS=${RUNS:-3}

die() { echo "run.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
gnu_time=/usr/bin/time
if ! [ -x "$gnu_time" ] || ! "$gnu_time" --version 2>&1 | grep -q 'GNU'; then
    die "GNU time is needed at /usr/bin/time (the shell keyword \`time\` has no -v);" \
        "install it with: apt-get install -y time"
fi
command -v python3 >/dev/null || die "python3 is needed for bench/gen_site.py"

fstype() { stat -f -c %T "$1"; }
# Work folders: made here (and removed at the end) unless given, so that two runs at the
# same time do not delete each other's sites.
made=()
cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then
        for d in ${made[@]+"${made[@]}"}; do rm -rf "$d"; done
    fi
}
trap cleanup EXIT
for loc in $LOCATIONS; do
    case $loc in
        tmpfs)
            if [ -z "${TMPFS_DIR:-}" ]; then TMPFS_DIR=$(mktemp -d /dev/shm/jindu-bench.XXXXXX) && made+=("$TMPFS_DIR"); fi
            d=$TMPFS_DIR ;;
        disk)
            if [ -z "${DISK_DIR:-}" ]; then DISK_DIR=$(mktemp -d /tmp/jindu-bench.XXXXXX) && made+=("$DISK_DIR"); fi
            d=$DISK_DIR ;;
        *) die "unknown location $loc (use tmpfs and/or disk)" ;;
    esac
    mkdir -p "$d"
    t=$(fstype "$d")
    case $loc in
        tmpfs) [ "$t" = tmpfs ] || die "$d is on $t, not tmpfs; set TMPFS_DIR" ;;
        disk) case $t in tmpfs | ramfs | overlayfs) die "$d is on $t, not a real disk; set DISK_DIR" ;; esac ;;
    esac
    echo "== $loc: $d ($t, $(df -h --output=source,avail "$d" | tail -n 1 | tr -s ' '))"
done
dir_for() { case $1 in tmpfs) echo "$TMPFS_DIR" ;; disk) echo "$DISK_DIR" ;; esac; }

if [ -n "${JINDU:-}" ]; then
    jindu=$(cd "$(dirname "$JINDU")" && pwd)/$(basename "$JINDU")
    echo "== jindu: $jindu (given)"
elif [ -n "${REV:-}" ]; then
    BUILD_DIR=${BUILD_DIR:-/tmp/jindu-bench-build}
    commit=$(git -C "$repo" rev-parse --verify "$REV^{commit}")
    jindu=$BUILD_DIR/jindu-$commit
    if ! [ -x "$jindu" ]; then
        # A fresh snapshot, its files touched: `git archive` gives them the commit's time,
        # and cargo (one target folder for every snapshot) would take artifacts built from
        # another commit for up to date.
        src=$BUILD_DIR/src-$commit
        rm -rf "$src" "$src.tmp"
        mkdir -p "$src.tmp"
        git -C "$repo" archive "$commit" | tar -x -C "$src.tmp"
        find "$src.tmp" -type f -exec touch {} +
        mv "$src.tmp" "$src"
        echo "== cargo build --release of $commit in $src"
        (cd "$src" && CARGO_TARGET_DIR=$BUILD_DIR/target cargo build --release --locked --quiet)
        cp "$BUILD_DIR/target/release/jindu" "$jindu.tmp"
        mv "$jindu.tmp" "$jindu"
    fi
    echo "== jindu: $jindu (git $commit)"
else
    echo "== cargo build --release (working tree)"
    (cd "$repo" && cargo build --release --quiet)
    jindu=$repo/target/release/jindu
    echo "== jindu: $jindu (working tree at $(git -C "$repo" rev-parse --short HEAD)" \
        "$(git -C "$repo" status --porcelain -- src themes Cargo.toml Cargo.lock | grep -q . && echo + uncommitted changes))"
fi
[ -x "$jindu" ] || die "no jindu binary at $jindu"
mkdir -p "$LOG_DIR"

# ---------------------------------------------------------------- measuring
# timed LOG CMD...: run CMD under GNU time; its output goes to LOG, the GNU time -v report
# to LOG.time, the wall time in ns (GNU time rounds to 10 ms) to LOG.wall. Fails (printing
# the log) when CMD fails.
timed() {
    local log=$1 t0 t1
    shift
    sync # start each run without earlier runs' dirty pages waiting to be written
    cut -d' ' -f1 /proc/loadavg >"$log.load" # other work on the machine, for reading noise
    t0=$(date +%s%N)
    if ! "$gnu_time" -v -o "$log.time" "$@" >"$log" 2>&1; then
        echo "run.sh: failed: $*" >&2
        cat "$log" "$log.time" >&2 || true
        exit 1
    fi
    t1=$(date +%s%N)
    echo $((t1 - t0)) >"$log.wall"
}
wall_s() { awk '{ printf "%.3f", $1 / 1e9 }' "${1%.time}.wall"; }
# median X...: the middle value (the lower middle of an even count)
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss_mib() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
cpu_s() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$1"; }

results=$LOG_DIR/results.tsv
printf 'N\tlocation\tload\tcheck_s\tbuild_s\tbuild_MiB\tbuild_cpu_s\trebuild_s\trebuild_MiB\tcp_s\tratio\tratios\tnosearch_s\tsearch_pct\tfiles\toutput_MiB\n' >"$results"

echo "== $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), logs in $LOG_DIR"
for n in $SIZES; do
    gen=""
    for loc in $LOCATIONS; do
        base=$(dir_for "$loc")
        site=$base/site-$n
        out=$base/out-$n
        rm -rf "$site" "$out" "$out.copy"
        # the site, generated once per N (outside the timing) and copied to the other location
        if [ -z "$gen" ]; then
            echo "== N=$n: generating $site"
            python3 "$here/gen_site.py" "$site" "$n" --seed "$SEED"
            gen=$site
        else
            cp -r "$gen" "$site"
        fi
        tag=$LOG_DIR/n$n-$loc
        echo "== N=$n $loc: jindu check (load and validate only, for the phase split)"
        timed "$tag-check.log" "$jindu" check --root "$site"
        # RUNS rounds of: a fresh build, the same with --no-search, and cp -r of the
        # output; each figure is the median of its rounds, and the ratio the median of
        # the rounds' ratios (a build and its copy a few seconds apart, in one spell).
        ratios=() builds=() nosearch=() cps=() pcts=()
        for r in $(seq "$RUNS"); do
            rm -rf "$out"
            echo "== N=$n $loc, round $r/$RUNS: jindu build (fresh output folder)"
            timed "$tag-build1-$r.log" "$jindu" build --root "$site" --output "$out"
            tail -n 1 "$tag-build1-$r.log"
            echo "== N=$n $loc, round $r/$RUNS: jindu build --no-search (fresh folder: what search costs)"
            timed "$tag-nosearch-$r.log" "$jindu" build --no-search --root "$site" --output "$out.nosearch"
            rm -rf "$out.nosearch"
            echo "== N=$n $loc, round $r/$RUNS: cp -r (floor)"
            timed "$tag-cp-$r.log" cp -r "$out" "$out.copy"
            rm -rf "$out.copy"
            b=$(wall_s "$tag-build1-$r.log.time") ns=$(wall_s "$tag-nosearch-$r.log.time") c=$(wall_s "$tag-cp-$r.log.time")
            builds+=("$b") nosearch+=("$ns") cps+=("$c")
            ratios+=("$(awk -v a="$b" -v b="$c" 'BEGIN { printf "%.2f", a / b }')")
            pcts+=("$(awk -v a="$b" -v b="$ns" 'BEGIN { printf "%.1f", 100 * (a - b) / b }')")
        done
        echo "== N=$n $loc: jindu build again (replacing the previous output)"
        timed "$tag-build2.log" "$jindu" build --root "$site" --output "$out"
        files=$(find "$out" -type f | wc -l)
        bytes=$(du -sb "$out" | cut -f1)
        # The round whose build time is the median: its memory and CPU are reported.
        mid=$(for i in "${!builds[@]}"; do echo "${builds[$i]} $((i + 1))"; done | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print $2 }')
        ratio=$(median "${ratios[@]}")
        range=$(printf '%s\n' "${ratios[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f-%.1f", lo, hi }')
        row=("$n" "$loc" "$(cat "$tag-build1-$mid.log.load")" "$(wall_s "$tag-check.log.time")"
            "$(median "${builds[@]}")" "$(rss_mib "$tag-build1-$mid.log.time")" "$(cpu_s "$tag-build1-$mid.log.time")"
            "$(wall_s "$tag-build2.log.time")" "$(rss_mib "$tag-build2.log.time")" "$(median "${cps[@]}")"
            "$(awk -v r="$ratio" 'BEGIN { printf "%.1f", r }')" "$range" "$(median "${nosearch[@]}")"
            "$(awk -v p="$(median "${pcts[@]}")" 'BEGIN { printf "%.0f", p }')" "$files"
            "$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }')")
        (IFS=$'\t' && echo "${row[*]}") >>"$results"
        rm -rf "$out"
    done
    for loc in $LOCATIONS; do rm -rf "$(dir_for "$loc")/site-$n"; done
done

echo
echo "Results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, medians of $RUNS rounds;" \
    "build = fresh output folder, build_MiB and build_cpu_s (user + system CPU seconds)" \
    "of the median round; rebuild = one more run replacing it;" \
    "ratio = build / cp -r of the same round (ratios: lowest-highest);" \
    "nosearch = the build with --no-search, search_pct = what search adds to the build's wall time;" \
    "load = 1-min load average before the build;" \
    "check = jindu check, loading and validating without rendering):"
column -t -s $'\t' "$results"
echo "(also in $results)"

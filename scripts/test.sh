#!/usr/bin/env bash
# Runs every check and test of jindu: formatting, lints, the Rust test suite (unit tests,
# fixture sites, diagnostics, snapshots, the example site), then the browser tests over
# the example site built into output/. This is the README's test command; .ci/run runs it
# on a fresh machine after installing what the machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

# What a fresh machine lacks: Debian's chromium and a JRE (for the HTML validator), and
# the npm packages. Only registry packages; no browser download.
need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 15m apt-get update -q
  timeout 20m apt-get install -y -q --no-install-recommends "${need[@]}"
fi
[ -d node_modules/playwright-core ] || timeout 10m npm ci --no-audit --no-fund
rustup component add rustfmt clippy >/dev/null 2>&1 || true
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
# CI=true makes insta fail on a missing or changed snapshot instead of writing one.
CI=true cargo test --locked
echo "== browser tests (chromium via playwright-core)"
cargo run --locked --release -q -- build
npm test
echo "== all tests passed"

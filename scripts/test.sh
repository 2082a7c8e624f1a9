#!/usr/bin/env bash
# Runs every check and test of jindu: formatting, lints, the Rust test suite (unit tests,
# fixture sites, diagnostics, snapshots, the example site), then the browser tests over
# the example site built into output/. This is the README's test command; .ci/run runs it
# on a fresh machine after installing what the machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
# CI=true makes insta fail on a missing or changed snapshot instead of writing one.
CI=true cargo test --locked
echo "== browser tests (chromium via playwright-core)"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "chromium is missing: apt-get install -y chromium (or set CHROMIUM=/path)" >&2
  exit 1
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
cargo run --locked --release -q -- build
npm test
echo "== all tests passed"

#!/usr/bin/env bash
# Runs every check and test of jindu: formatting, lints, then the whole test suite
# (unit tests, fixture sites, diagnostics, snapshots, the example site).
# This is the README's test command; .ci/run runs it on a fresh machine.
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
echo "== all tests passed"

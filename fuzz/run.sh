#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60) with the nightly toolchain, seeded from
# fuzz/seeds/<target>; new inputs go to fuzz/corpus/<target>, crashes to fuzz/artifacts/<target>.
# Not part of .ci/run: CI has no nightly guarantee.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     e.g. fuzz/run.sh 300, fuzz/run.sh 30 http_block
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(lenient_json http_block extract_page)
fi

cd "$(dirname "$0")"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo +nightly install cargo-fuzz --locked
fi

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: ${seconds}s"
    cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1
done

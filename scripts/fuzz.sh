#!/usr/bin/env bash
# Run every fuzz target in turn for SECONDS each (default 600), one libFuzzer process at a
# time at low priority, so a shared machine keeps a core for everything else.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain is stable; RUSTC_BOOTSTRAP
# lets cargo-fuzz pass its nightly flags. No sanitizer (`-s none`): herald has no unsafe
# code, and without ASan the build is much faster and each run does about twice the
# executions; debug assertions (`-a`) stay on so integer overflows panic as in tests.
#
# Inputs found during a run go to fuzz/corpus-run/TARGET (git-ignored); the committed seeds
# in fuzz/corpus/TARGET and past crashes in fuzz/regressions/TARGET are read, never
# written. Crashes land in fuzz/artifacts/TARGET: copy each into fuzz/regressions/TARGET/
# under a name saying what broke (tests/fuzz_regressions.rs runs them all), then fix it.
set -euo pipefail
secs=${1:-600}
targets=(${FUZZ_TARGETS:-front_matter markdown fluent terminology})
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
nice -n 10 cargo fuzz build -s none -a
mkdir -p logs
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus-run/$t"
    echo "== $t: ${secs}s"
    # -jobs=1 -workers=1: one fuzzing process, its output in fuzz-0.log (copied to logs/).
    # Past crashes (fuzz/regressions/TARGET) are read as seeds too.
    extra=()
    [ -d "regressions/$t" ] && extra=("regressions/$t")
    if ! nice -n 10 cargo fuzz run -s none -a "$t" "corpus-run/$t" "corpus/$t" "${extra[@]}" -- \
        -max_total_time="$secs" -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 > "logs/$t.out" 2>&1; then
        status=1
    fi
    [ -f fuzz-0.log ] && mv fuzz-0.log "logs/$t.log"
    # The last status line: executions, coverage (cov: edges, ft: features), corpus size.
    grep -E '^#[0-9]+' "logs/$t.log" 2>/dev/null | tail -1 || true
    grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "logs/$t.log" 2>/dev/null || true
    ls "artifacts/$t" 2>/dev/null | sed 's/^/  finding: /' || true
done
exit $status

#!/usr/bin/env bash
# Steadymail queue-scale benchmark: with 10,000 and with 1,000,000 recipients queued (written straight into the
# store by steadymail-bench), the time to claim a batch, the time to answer `steadymail queue --json`, and the
# server's peak RSS, side by side. See bench/README.md ("Queue-scale benchmark").
#
#   bench/queue_scale.sh                          # 10,000 and 1,000,000 recipients
#   bench/queue_scale.sh --sizes 10000,100000     # other sizes
#   STEADYMAIL_BIN=/path/to/steadymail bench/queue_scale.sh
#
# Needs no root and no Postfix. Everything listens on 127.0.0.1 (the one relay is a closed port: nothing is
# delivered). One temp directory (BENCH_TMPDIR, default /var/tmp) holds the data dirs; it is removed at exit, and a
# server left running by an interrupted run is killed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
workdir="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/steadymail-queue-scale-bench.XXXXXX")"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    "$python" "$here/queue_scale.py" --workdir "$workdir" --cleanup || true
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        echo "queue_scale.sh: kept $workdir (BENCH_KEEP set)" >&2
    else
        rm -rf "$workdir"
    fi
    exit "$rc"
}
child=""
forward() {
    if [[ -n "$child" ]]; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$1"
}
trap cleanup EXIT
trap 'forward 130' INT
trap 'forward 143' TERM

BENCH_INVOCATION="bench/queue_scale.sh $*" "$python" "$here/queue_scale.py" --workdir "$workdir" "$@" &
child=$!
wait "$child"

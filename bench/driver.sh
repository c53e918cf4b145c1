#!/usr/bin/env bash
# Shared runner of the benchmark wrappers: `bench/driver.sh [--no-postfix] intake|relay|queue_scale ARGS...` checks
# root and the Postfix tools (unless --no-postfix), makes one temp directory (BENCH_TMPDIR, default /var/tmp) so
# Postfix's queue and steadymail's data_dir share a disk, runs bench/NAME.py in it, passes INT/TERM on, and stops
# whatever is left and removes the directory at exit.
set -euo pipefail

postfix=1
if [[ "$1" == "--no-postfix" ]]; then
    postfix=0
    shift
fi
bench="$1"
shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

if [[ $postfix == 1 && $EUID -ne 0 ]]; then
    echo "$bench.sh: run as root (a private Postfix instance needs it)" >&2
    exit 2
fi
for tool in smtp-source smtp-sink postfix postconf; do
    if [[ $postfix == 1 ]] && ! command -v "$tool" >/dev/null; then
        echo "$bench.sh: $tool missing; install Postfix:" >&2
        echo "  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections" >&2
        echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix" >&2
        exit 2
    fi
done

workdir="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/steadymail-$bench-bench.XXXXXX")"
# Postfix daemons (user postfix) must traverse into the queue below it.
chmod 755 "$workdir"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    "$python" "$here/$bench.py" --workdir "$workdir" --cleanup || true
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        echo "$bench.sh: kept $workdir (BENCH_KEEP set)" >&2
    else
        echo "$bench.sh: removing $workdir (a full run leaves thousands of files: may take a minute)" >&2
        rm -rf "$workdir"
    fi
    exit "$rc"
}
child=""
forward() {
    # Bash runs traps only between commands, so the driver runs in the
    # background and gets the signal passed on; it unwinds its own servers.
    if [[ -n "$child" ]]; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$1"
}
trap cleanup EXIT
trap 'forward 130' INT
trap 'forward 143' TERM

BENCH_INVOCATION="bench/$bench.sh $*" "$python" "$here/$bench.py" --workdir "$workdir" "$@" &
child=$!
wait "$child"

#!/usr/bin/env bash
# Steadymail intake benchmark: smtp-source into smtp-sink (ceiling), a private
# Postfix, and steadymail, side by side. See bench/README.md.
#
#   bench/intake.sh                  # 20,000 x 5 KiB over 20 sessions, all three targets
#   bench/intake.sh --quick          # 2,000 messages
#   STEADYMAIL_BIN=/path/to/steadymail bench/intake.sh --quick
#   bench/intake.sh --count 5000 --sessions 10 --size 2048 --targets ceiling,postfix
#
# Everything runs on 127.0.0.1 and in one temp directory (BENCH_TMPDIR, default
# /var/tmp) so Postfix's queue and steadymail's data_dir share a disk. Stops by
# itself; the trap below stops whatever is left and removes the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

if [[ $EUID -ne 0 ]]; then
    echo "intake.sh: run as root (a private Postfix instance needs it)" >&2
    exit 2
fi
for tool in smtp-source smtp-sink postfix postconf; do
    if ! command -v "$tool" >/dev/null; then
        echo "intake.sh: $tool missing; install Postfix:" >&2
        echo "  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections" >&2
        echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix" >&2
        exit 2
    fi
done

workdir="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/steadymail-bench.XXXXXX")"
# Postfix daemons (user postfix) must traverse into the queue below it.
chmod 755 "$workdir"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    "$python" "$here/intake.py" --workdir "$workdir" --cleanup || true
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        echo "intake.sh: kept $workdir (BENCH_KEEP set)" >&2
    else
        echo "intake.sh: removing $workdir (a full run leaves ~40,000 Postfix queue files: takes a minute)" >&2
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

BENCH_INVOCATION="bench/intake.sh $*" "$python" "$here/intake.py" --workdir "$workdir" "$@" &
child=$!
wait "$child"

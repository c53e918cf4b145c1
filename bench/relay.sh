#!/usr/bin/env bash
# Steadymail end-to-end relay benchmark: smtp-source -> {nothing | private Postfix |
# steadymail} -> smtp-sink, timed from the first accept to the last receipt at the
# sink; side by side, same load. See bench/README.md ("Relay benchmark").
#
#   bench/relay.sh                  # 20,000 x 5 KiB over 20 sessions, all three targets
#   bench/relay.sh --quick          # 2,000 messages
#   STEADYMAIL_BIN=/path/to/steadymail bench/relay.sh --quick
#   bench/relay.sh --count 5000 --sessions 10 --relay-connections 40 --targets postfix,steadymail
#
# Everything runs on 127.0.0.1 and in one temp directory (BENCH_TMPDIR, default
# /var/tmp) so Postfix's queue and steadymail's data_dir share a disk. Stops by
# itself; the trap below stops whatever is left and removes the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

if [[ $EUID -ne 0 ]]; then
    echo "relay.sh: run as root (a private Postfix instance needs it)" >&2
    exit 2
fi
for tool in smtp-source smtp-sink postfix postconf; do
    if ! command -v "$tool" >/dev/null; then
        echo "relay.sh: $tool missing; install Postfix:" >&2
        echo "  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections" >&2
        echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix" >&2
        exit 2
    fi
done

workdir="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/steadymail-relay-bench.XXXXXX")"
# Postfix daemons (user postfix) must traverse into the queue below it.
chmod 755 "$workdir"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    "$python" "$here/relay.py" --workdir "$workdir" --cleanup || true
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        echo "relay.sh: kept $workdir (BENCH_KEEP set)" >&2
    else
        echo "relay.sh: removing $workdir " >&2
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

BENCH_INVOCATION="bench/relay.sh $*" "$python" "$here/relay.py" --workdir "$workdir" "$@" &
child=$!
wait "$child"

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
exec "$(dirname "${BASH_SOURCE[0]}")/driver.sh" --no-postfix queue_scale "$@"

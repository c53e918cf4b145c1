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
# itself; bench/driver.sh stops whatever is left and removes the temp dir.
exec "$(dirname "${BASH_SOURCE[0]}")/driver.sh" relay "$@"

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
# itself; bench/driver.sh stops whatever is left and removes the temp dir.
exec "$(dirname "${BASH_SOURCE[0]}")/driver.sh" intake "$@"

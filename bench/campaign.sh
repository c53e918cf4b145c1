#!/usr/bin/env bash
# Steadymail campaign benchmark: how fast a running campaign turns its ledger into queued messages, with throttling
# off: subscribers written straight into a fresh store, a one-line template, delivery disabled. Reports recipients/s,
# the audience snapshot and the total time, and the server's peak RSS. See bench/README.md ("Campaign benchmark").
#
#   bench/campaign.sh                         # 1,000,000 subscribers
#   bench/campaign.sh --subscribers 100000    # fewer
#   STEADYMAIL_BIN=/path/to/steadymail bench/campaign.sh
#
# Needs no root and no Postfix. Everything listens on 127.0.0.1; nothing is delivered. One temp directory
# (BENCH_TMPDIR, default /var/tmp) holds the data dir; it is removed at exit, and a server left running by an
# interrupted run is killed.
exec "$(dirname "${BASH_SOURCE[0]}")/driver.sh" --no-postfix campaign "$@"

#!/usr/bin/env bash
# Steadymail subscriber import benchmark: generates a CSV of N rows (5 columns: email, name, status and two
# attributes), starts a server on a temporary data dir, times `steadymail subscribers import`, and reports rows/s,
# elapsed time and the peak RSS of the CLI and of the server. See bench/README.md ("Import benchmark").
#
#   bench/import.sh                   # 1,000,000 rows
#   bench/import.sh --rows 10000      # what CI runs (tests/e2e/test_import_bench.py)
#   STEADYMAIL_BIN=/path/to/steadymail bench/import.sh --json
#
# Without STEADYMAIL_BIN it uses /work/.build-release/release/steadymail when present, else .build/debug/steadymail
# (it never builds). Everything runs on 127.0.0.1 in a temp directory (BENCH_TMPDIR, default /var/tmp) that is
# removed at the end.
set -euo pipefail
exec "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/import.py" "$@"

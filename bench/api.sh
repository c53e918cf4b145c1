#!/usr/bin/env bash
# Steadymail HTTP send API benchmark: messages/s accepted by POST /v1/messages and POST /v1/messages/batch with 32
# concurrent keep-alive clients, p50/p99 latency. See bench/README.md.
#
#   bench/api.sh                      # 20,000 messages per endpoint, 32 clients, batches of 50
#   bench/api.sh --quick              # 2,000 messages per endpoint
#   STEADYMAIL_BIN=/path/to/steadymail bench/api.sh --clients 64 --batch-size 100
#
# Without STEADYMAIL_BIN it uses /work/.build-release/release/steadymail when present, else .build/debug/steadymail
# (it never builds). No root needed; everything runs on 127.0.0.1 in a temp directory (BENCH_TMPDIR, default
# /var/tmp) that is removed at the end.
set -euo pipefail
export BENCH_INVOCATION="bench/api.sh $*"
exec "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/api.py" "$@"

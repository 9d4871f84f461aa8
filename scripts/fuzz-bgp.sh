#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Coverage-guided fuzzing of the BGP-4 decoder with libFuzzer (clang), AddressSanitizer and
# UndefinedBehaviorSanitizer. Usage: scripts/fuzz-bgp.sh [RUNS]  (default 2,000,000 inputs).
# The decoder has no ns-3 dependency, so it is built here on its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-2000000}"
command -v clang++ >/dev/null || { echo "fuzz-bgp: clang++ not found (apt-get install clang)"; exit 1; }
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT/corpus"
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$ROOT/model" "$ROOT/test/fuzz/bgp-message-fuzzer.cc" \
  "$ROOT/model/expressroute-bgp-message.cc" "$ROOT/model/expressroute-bgp-stream.cc" \
  "$ROOT/model/expressroute-ipv4-prefix.cc" \
  -o "$OUT/bgp-message-fuzzer"
"$OUT/bgp-message-fuzzer" -runs="$RUNS" -max_len=4096 -seed=1 "$OUT/corpus" 2>&1 | tail -n 4
